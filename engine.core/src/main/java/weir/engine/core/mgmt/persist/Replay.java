package weir.engine.core.mgmt.persist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * A snapshot with journal records applied on top, in order: the persistent objects as the last applied
 * transaction left them. An object added later goes after those added before, so filters keep the order of
 * their filterIds. A record that adds an object already there, deletes one that is not, or has a line that
 * does not read, is damage.
 */
final class Replay {
    private static final List<String> KINDS = List.of("provider", "context", "sublayer", "callout", "filter");

    private final Map<String, Map<UUID, Object>> kinds = new LinkedHashMap<>();
    private final java.time.Instant written;
    private long sequence;

    Replay(PersistentObjects start) {
        for (String kind : KINDS) {
            kinds.put(kind, new LinkedHashMap<>());
        }
        start.providers().forEach(p -> kinds.get("provider").put(p.providerKey(), p));
        start.contexts().forEach(c -> kinds.get("context").put(c.providerContextKey(), c));
        start.subLayers().forEach(s -> kinds.get("sublayer").put(s.subLayerKey(), s));
        start.callouts().forEach(c -> kinds.get("callout").put(c.calloutKey(), c));
        start.filters().forEach(f -> kinds.get("filter").put(f.filterKey(), f));
        this.written = start.written();
        this.sequence = start.sequence();
    }

    long sequence() {
        return sequence;
    }

    /**
     * Applies one record; on damage nothing of it is applied (the objects stay as the last good record left
     * them). The record must be the next transaction.
     */
    void apply(JournalCodec.Entry e) throws StoreFormatException {
        if (e.sequence() != sequence + 1) {
            throw new StoreFormatException("transaction " + e.sequence() + " cannot follow transaction " + sequence);
        }
        List<StoreChange> changes = new ArrayList<>(e.lines().size());
        Map<String, Boolean> present = new HashMap<>(); // what the record's earlier changes did to a kind+key
        int n = 0;
        for (String line : e.lines()) {
            n++;
            try {
                StoreChange c = change(line);
                String id = c.kind() + " " + c.key();
                boolean there = present.getOrDefault(id, kinds.get(c.kind()).containsKey(c.key()));
                if (c.added() != null && there) {
                    throw new StoreFormatException("it adds " + id + ", which is there already");
                } else if (c.added() == null && !there) {
                    throw new StoreFormatException("it deletes " + id + ", which is not there");
                }
                present.put(id, c.added() != null);
                changes.add(c);
            } catch (StoreFormatException | RuntimeException x) {
                throw new StoreFormatException("transaction " + e.sequence() + ", change " + n + ": "
                        + (x instanceof StoreFormatException ? x.getMessage() : x.toString()), x);
            }
        }
        for (StoreChange c : changes) {
            if (c.added() != null) {
                kinds.get(c.kind()).put(c.key(), c.added());
            } else {
                kinds.get(c.kind()).remove(c.key());
            }
        }
        sequence = e.sequence();
    }

    /** One line of a record as a change. */
    static StoreChange change(String line) throws StoreFormatException {
        if (line.startsWith("add\t")) {
            return StoreChange.add(StoreCodec.object(StoreCodec.Fields.parse(line.substring(4))));
        } else if (line.startsWith("delete\t")) {
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !KINDS.contains(f[1])) {
                throw new StoreFormatException("'" + shorten(line) + "' is not a delete line");
            }
            try {
                return new StoreChange(f[1], UUID.fromString(f[2]), null);
            } catch (IllegalArgumentException x) {
                throw new StoreFormatException("'" + shorten(f[2]) + "' is not a key");
            }
        }
        throw new StoreFormatException("'" + shorten(line) + "' is not an add or a delete");
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    PersistentObjects objects() {
        return new PersistentObjects(written, sequence, list(Provider.class, "provider"),
                list(ProviderContext.class, "context"), list(SubLayer.class, "sublayer"),
                list(CalloutObject.class, "callout"), list(Filter.class, "filter"));
    }

    private <T> List<T> list(Class<T> type, String kind) {
        List<T> out = new ArrayList<>();
        for (Object o : kinds.get(kind).values()) {
            out.add(type.cast(o));
        }
        return out;
    }
}
