package weir.engine.core.mgmt.persist;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * What a damaged file still tells, line by line, ignoring its checksum: so that a recovery can say which objects
 * it had that the copy it starts from lacks. Only for that report: nothing salvaged is ever restored.
 */
final class Salvage {
    /** One object line that still reads: its kind, key and a description for the operator. */
    record Named(String kind, UUID key, String text) {
    }

    private Salvage() {
    }

    /** The object lines of a store text that still parse; lines that do not are skipped. */
    static List<Named> objects(byte[] bytes) {
        List<Named> out = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            Named n = named(line);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** One object line, or null when it is not one or does not read. */
    static Named named(String line) {
        try {
            StoreCodec.Fields f = StoreCodec.Fields.parse(line);
            String kind = switch (f.kind) {
                case "provider", "context", "sublayer", "callout", "filter" -> f.kind;
                default -> null;
            };
            if (kind == null) {
                return null;
            }
            UUID key = f.key("key");
            String name = f.values.containsKey("name") ? f.text("name") : "";
            String layer = f.values.containsKey("layer") ? ", " + f.raw("layer") : "";
            String label = kind.equals("context") ? "provider context" : kind;
            return new Named(kind, key, label + " '" + name + "' (key " + key + layer + ")");
        } catch (StoreFormatException | RuntimeException e) {
            return null;
        }
    }

    /** Every key a set of objects holds. */
    static Set<UUID> keys(PersistentObjects o) {
        Set<UUID> keys = new HashSet<>();
        for (Provider p : o.providers()) {
            keys.add(p.providerKey());
        }
        for (ProviderContext c : o.contexts()) {
            keys.add(c.providerContextKey());
        }
        for (SubLayer s : o.subLayers()) {
            keys.add(s.subLayerKey());
        }
        for (CalloutObject c : o.callouts()) {
            keys.add(c.calloutKey());
        }
        for (Filter f : o.filters()) {
            keys.add(f.filterKey());
        }
        return keys;
    }
}
