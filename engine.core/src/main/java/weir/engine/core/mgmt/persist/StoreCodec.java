package weir.engine.core.mgmt.persist;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * The engine store's format: UTF-8 text, one object per line, written and read here without any library.
 *
 * <pre>
 * weir-engine-store	2	2026-01-01T00:00:00Z	42
 * provider	key=…	name=…	description=…	disabled=false	data=&lt;hex&gt;	service=…
 * context	key=…	name=…	description=…	provider=…	type=8	data=&lt;hex&gt;
 * sublayer	key=…	name=…	description=…	provider=…	data=&lt;hex&gt;	weight=4096
 * callout	key=…	name=…	description=…	provider=…	usesProviderContext=false	layer=INBOUND_TRANSPORT_V4
 * filter	key=…	name=…	description=…	flags=1	provider=…	data=…	layer=…	sublayer=…	weight=auto
 *     	action=PERMIT	rawContext=0	providerContext=…	id=7	condition=IP_LOCAL_PORT EQUAL u16:22	condition=…
 * end	5
 * crc32	1a2b3c4d
 * </pre>
 *
 * (A filter is one line; it is wrapped above.) Fields are {@code name=value} separated by tabs, in any order; a missing optional key is written as
 * {@code -}. Free text is escaped by {@link Text#escape}, condition values are {@link ValueCodec} tokens. A
 * filter's weight is {@code auto}, {@code exact:<unsigned>} or {@code range:<0..15>}; its action is the
 * action type, followed by {@code :<calloutKey>} for callout actions; {@code id} is the filterId it had when
 * written (filterIds are assigned anew at start; keys are kept). {@code end} counts the object lines; the
 * last line is the CRC-32 of every byte before it, so a truncated or altered file is detected. The header's
 * last field is the number of the last committed transaction the snapshot holds (see {@link JournalCodec});
 * version 1, written before the journal, has no such field and reads as transaction 0.
 */
public final class StoreCodec {
    static final String MAGIC = "weir-engine-store";
    static final int VERSION = 2;

    private StoreCodec() {
    }

    public static byte[] encode(PersistentObjects o) {
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append('\t').append(VERSION).append('\t').append(o.written()).append('\t')
                .append(o.sequence()).append('\n');
        for (Provider p : o.providers()) {
            object(sb, p);
        }
        for (ProviderContext c : o.contexts()) {
            object(sb, c);
        }
        for (SubLayer s : o.subLayers()) {
            object(sb, s);
        }
        for (CalloutObject c : o.callouts()) {
            object(sb, c);
        }
        for (Filter f : o.filters()) {
            object(sb, f);
        }
        sb.append("end\t").append(o.size()).append('\n');
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        String trailer = String.format("crc32\t%08x\n", crc(body, body.length));
        byte[] t = trailer.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[body.length + t.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(t, 0, out, body.length, t.length);
        return out;
    }

    /** One persistent object's line (also a journal record's {@code add} lines). */
    static void object(StringBuilder sb, Object o) {
        if (o instanceof Provider p) {
            line(sb, "provider", "key", p.providerKey(), "name", p.displayData().name(), "description",
                    p.displayData().description(), "disabled", p.disabled(), "data", Text.hex(p.providerData()),
                    "service", p.serviceName());
        } else if (o instanceof ProviderContext c) {
            line(sb, "context", "key", c.providerContextKey(), "name", c.displayData().name(), "description",
                    c.displayData().description(), "provider", c.providerKey(), "type", c.type(), "data",
                    Text.hex(c.data()));
        } else if (o instanceof SubLayer s) {
            line(sb, "sublayer", "key", s.subLayerKey(), "name", s.displayData().name(), "description",
                    s.displayData().description(), "provider", s.providerKey(), "data", Text.hex(s.providerData()),
                    "weight", s.weight());
        } else if (o instanceof CalloutObject c) {
            line(sb, "callout", "key", c.calloutKey(), "name", c.displayData().name(), "description",
                    c.displayData().description(), "provider", c.providerKey(), "usesProviderContext",
                    c.usesProviderContext(), "layer", c.applicableLayer().name());
        } else if (o instanceof Filter f) {
            FilterLines.encode(sb, f);
        } else {
            throw new IllegalArgumentException("not a persistent object: " + o);
        }
    }

    /** One object line: the kind, then name/value pairs; null values become {@code -}. */
    static void line(StringBuilder sb, String kind, Object... pairs) {
        sb.append(kind);
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            sb.append('\t').append(pairs[i]).append('=').append(v == null ? "-" : Text.escape(v.toString()));
        }
        sb.append('\n');
    }

    public static PersistentObjects decode(byte[] bytes) throws StoreFormatException {
        int end = bytes.length;
        if (end == 0) {
            throw new StoreFormatException("empty file");
        }
        if (bytes[end - 1] != '\n') {
            throw new StoreFormatException("truncated: the last line is incomplete");
        }
        int lastStart = end - 1;
        while (lastStart > 0 && bytes[lastStart - 1] != '\n') {
            lastStart--;
        }
        String last = new String(bytes, lastStart, end - 1 - lastStart, StandardCharsets.UTF_8);
        if (!last.startsWith("crc32\t")) {
            throw new StoreFormatException("truncated: no checksum line at the end");
        }
        long expected;
        try {
            expected = Long.parseLong(last.substring(6).trim(), 16);
        } catch (NumberFormatException e) {
            throw new StoreFormatException("unreadable checksum line '" + last + "'");
        }
        long actual = crc(bytes, lastStart);
        if (actual != expected) {
            throw new StoreFormatException(String.format("checksum mismatch: the file says %08x, its content is %08x",
                    expected, actual));
        }
        String[] lines = new String(bytes, 0, lastStart, StandardCharsets.UTF_8).split("\n", -1);
        return parse(lines);
    }

    private static PersistentObjects parse(String[] lines) throws StoreFormatException {
        String[] head = lines[0].split("\t");
        if (head.length < 3 || !head[0].equals(MAGIC)) {
            throw new StoreFormatException("line 1 is not a Weir engine store header");
        }
        if (!(head[1].equals("1") && head.length == 3) && !(head[1].equals(Integer.toString(VERSION))
                && head.length == 4)) {
            throw new StoreFormatException("format version " + head[1] + " is not one this Weir reads (1 or "
                    + VERSION + ")");
        }
        Instant written;
        try {
            written = Instant.parse(head[2]);
        } catch (DateTimeParseException e) {
            throw new StoreFormatException("line 1: bad time '" + head[2] + "'");
        }
        long sequence = 0;
        if (head.length == 4) {
            try {
                sequence = Long.parseLong(head[3]);
            } catch (NumberFormatException e) {
                throw new StoreFormatException("line 1: bad transaction number '" + head[3] + "'");
            }
            if (sequence < 0) {
                throw new StoreFormatException("line 1: bad transaction number '" + head[3] + "'");
            }
        }
        List<Provider> providers = new ArrayList<>();
        List<ProviderContext> contexts = new ArrayList<>();
        List<SubLayer> subLayers = new ArrayList<>();
        List<CalloutObject> callouts = new ArrayList<>();
        List<Filter> filters = new ArrayList<>();
        int objects = 0;
        boolean ended = false;
        // lines[last] is the empty string after the final '\n' of the body
        for (int n = 1; n < lines.length - 1; n++) {
            String line = lines[n];
            if (ended) {
                throw new StoreFormatException("line " + (n + 1) + ": content after the end line");
            }
            try {
                Fields f = Fields.parse(line);
                if (f.kind.equals("end")) {
                    ended = true;
                    if (f.count != objects) {
                        throw new StoreFormatException("the end line counts " + f.count + " objects, the file has "
                                + objects);
                    }
                    continue;
                }
                Object o = object(f);
                if (o instanceof Provider p) {
                    providers.add(p);
                } else if (o instanceof ProviderContext c) {
                    contexts.add(c);
                } else if (o instanceof SubLayer s) {
                    subLayers.add(s);
                } else if (o instanceof CalloutObject c) {
                    callouts.add(c);
                } else {
                    filters.add((Filter) o);
                }
                objects++;
            } catch (StoreFormatException e) {
                throw new StoreFormatException("line " + (n + 1) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new StoreFormatException("line " + (n + 1) + ": " + e, e);
            }
        }
        if (!ended) {
            throw new StoreFormatException("truncated: no end line");
        }
        return new PersistentObjects(written, sequence, providers, contexts, subLayers, callouts, filters);
    }

    /** The object of one parsed object line. */
    static Object object(Fields f) throws StoreFormatException {
        return switch (f.kind) {
            case "provider" -> new Provider(f.key("key"), display(f), false, f.bool("disabled"), f.hex("data"),
                    f.text("service")).withPersistent(true);
            case "context" -> new ProviderContext(f.key("key"), display(f), true, f.optionalKey("provider"),
                    f.integer("type"), f.hex("data"), 0L);
            case "sublayer" -> new SubLayer(f.key("key"), display(f), true, f.optionalKey("provider"), f.hex("data"),
                    f.integer("weight"));
            case "callout" -> new CalloutObject(f.key("key"), display(f), true, f.bool("usesProviderContext"),
                    f.optionalKey("provider"), f.layer("layer"), false, 0);
            case "filter" -> FilterLines.decode(f);
            default -> throw new StoreFormatException("unknown object kind '" + f.kind + "'");
        };
    }

    static DisplayData display(Fields f) throws StoreFormatException {
        return new DisplayData(f.text("name"), f.text("description"));
    }

    static long crc(byte[] b, int len) {
        return crc(b, 0, len);
    }

    static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    /** One parsed line: its kind and its name/value pairs (conditions kept in order). */
    static final class Fields {
        final String kind;
        final Map<String, String> values = new HashMap<>();
        final List<String> conditions = new ArrayList<>();
        int count;

        private Fields(String kind) {
            this.kind = kind;
        }

        static Fields parse(String line) throws StoreFormatException {
            String[] parts = line.split("\t", -1);
            Fields f = new Fields(parts[0]);
            if (f.kind.equals("end")) {
                if (parts.length != 2) {
                    throw new StoreFormatException("bad end line");
                }
                try {
                    f.count = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new StoreFormatException("bad end line");
                }
                return f;
            }
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq < 0) {
                    throw new StoreFormatException("field '" + parts[i] + "' has no '='");
                }
                String name = parts[i].substring(0, eq);
                String value = parts[i].substring(eq + 1);
                if (name.equals("condition")) {
                    f.conditions.add(Text.unescape(value));
                } else if (f.values.put(name, value) != null) {
                    throw new StoreFormatException("field '" + name + "' appears twice");
                }
            }
            return f;
        }

        String raw(String name) throws StoreFormatException {
            String v = values.get(name);
            if (v == null) {
                throw new StoreFormatException("field '" + name + "' is missing");
            }
            return v;
        }

        String text(String name) throws StoreFormatException {
            return Text.unescape(raw(name));
        }

        UUID key(String name) throws StoreFormatException {
            UUID k = optionalKey(name);
            if (k == null) {
                throw new StoreFormatException("field '" + name + "' is empty");
            }
            return k;
        }

        UUID optionalKey(String name) throws StoreFormatException {
            String v = raw(name);
            if (v.equals("-")) {
                return null;
            }
            try {
                return UUID.fromString(v);
            } catch (IllegalArgumentException e) {
                throw new StoreFormatException("field '" + name + "' is not a key: '" + v + "'");
            }
        }

        boolean bool(String name) throws StoreFormatException {
            String v = raw(name);
            if (!v.equals("true") && !v.equals("false")) {
                throw new StoreFormatException("field '" + name + "' is not true or false: '" + v + "'");
            }
            return v.equals("true");
        }

        int integer(String name) throws StoreFormatException {
            try {
                return Integer.parseInt(raw(name));
            } catch (NumberFormatException e) {
                throw new StoreFormatException("field '" + name + "' is not a number: '" + raw(name) + "'");
            }
        }

        long longValue(String name) throws StoreFormatException {
            try {
                return Long.parseLong(raw(name));
            } catch (NumberFormatException e) {
                throw new StoreFormatException("field '" + name + "' is not a number: '" + raw(name) + "'");
            }
        }

        byte[] hex(String name) throws StoreFormatException {
            return Text.unhex(raw(name));
        }

        weir.engine.api.Layer layer(String name) throws StoreFormatException {
            try {
                return weir.engine.api.Layer.valueOf(raw(name));
            } catch (IllegalArgumentException e) {
                throw new StoreFormatException("field '" + name + "' is not a layer: '" + raw(name) + "'");
            }
        }

        List<Condition> conditions() throws StoreFormatException {
            List<Condition> out = new ArrayList<>(conditions.size());
            for (String c : conditions) {
                out.add(FilterLines.condition(c));
            }
            return out;
        }
    }
}
