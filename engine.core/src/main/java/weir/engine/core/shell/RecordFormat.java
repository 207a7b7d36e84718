package weir.engine.core.shell;

import java.lang.reflect.RecordComponent;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.Converter;

import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;

/**
 * Prints any bundle's records the way the wfp: commands print theirs (see {@code weir.engine.api.shell}): a
 * {@link Listing} as a {@link Table}, a record as aligned {@code name  value} lines, {@link NoFormat} as
 * tab-separated values. Values get their natural text: addresses in their short form ({@code ::1}), instants in
 * ISO-8601 UTC, durations in seconds, collections comma-separated, absent values empty.
 */
final class RecordFormat {
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

    private RecordFormat() {
    }

    /** The text for {@code target} at Gogo's {@code level}, or null when it is not a result this class prints. */
    static String format(Object target, int level, int width) {
        if (target instanceof NoFormat nf) {
            return plain(nf.value());
        }
        if (target instanceof Listing l) {
            if (level != Converter.INSPECT) {
                return l.rows().size() + " " + l.what();
            }
            return l.rows().isEmpty() ? "no " + l.what() : table(l.rows(), new Style(width, false));
        }
        if (target instanceof Record r && !(target instanceof Printable)) {
            return level == Converter.INSPECT ? inspect(r, width) : line(r);
        }
        return null;
    }

    /** {@code name  value} lines, names aligned; a component holding a Listing or records becomes a table below. */
    static String inspect(Record r, int width) {
        RecordComponent[] cs = r.getClass().getRecordComponents();
        int w = 0;
        for (RecordComponent c : cs) {
            if (rows(value(c, r)) == null) { // tables go below, under their own name: they do not widen the column
                w = Math.max(w, words(c.getName(), false).length());
            }
        }
        StringBuilder b = new StringBuilder();
        List<String> tables = new ArrayList<>();
        for (RecordComponent c : cs) {
            Object v = value(c, r);
            String name = words(c.getName(), false);
            List<? extends Record> rows = rows(v);
            if (rows != null) {
                tables.add(rows.isEmpty() ? name + ": none" : name + ":\n" + indent(table(rows, new Style(
                        width > 2 ? width - 2 : 0, false))));
                continue;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            String text = cell(v);
            b.append(name);
            if (!text.isEmpty()) { // no trailing blanks after an empty value, as in a table
                b.append(" ".repeat(w - name.length() + 2)).append(text);
            }
        }
        for (String t : tables) {
            b.append(b.length() > 0 ? "\n" : "").append(t);
        }
        return b.toString();
    }

    /** One line: {@code name=value} pairs, as inside lists and pipes. */
    static String line(Record r) {
        StringBuilder b = new StringBuilder();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            Object v = value(c, r);
            List<? extends Record> rows = rows(v);
            b.append(c.getName()).append('=').append(rows != null ? rows.size() + " rows" : cell(v));
        }
        return b.toString();
    }

    static String table(List<? extends Record> rows, Style style) {
        RecordComponent[] cs = rows.get(0).getClass().getRecordComponents();
        Table t = new Table();
        for (RecordComponent c : cs) {
            String h = words(c.getName(), true);
            Class<?> type = c.getType();
            if (type.isPrimitive() && type != boolean.class && type != char.class || Number.class.isAssignableFrom(type)) {
                t.right(h);
            } else if (type == String.class || Collection.class.isAssignableFrom(type)) {
                t.flexible(h);
            } else {
                t.left(h);
            }
        }
        for (Record r : rows) {
            Object[] cells = new Object[cs.length];
            RecordComponent[] own = r.getClass().getRecordComponents();
            for (int i = 0; i < cells.length && i < own.length; i++) {
                cells[i] = cell(value(own[i], r));
            }
            t.row(cells);
        }
        return t.render(style);
    }

    /** What {@code --no-format} prints for {@code v}: tab-separated values, no header, nothing cut. */
    static String plain(Object v) {
        if (v instanceof Listing l) {
            return l.rows().isEmpty() ? "" : table(l.rows(), new Style(0, true));
        }
        List<? extends Record> rows = rows(v);
        if (rows != null) {
            return rows.isEmpty() ? "" : table(rows, new Style(0, true));
        }
        if (v instanceof Record r) {
            return table(List.of(r), new Style(0, true));
        }
        return cell(v);
    }

    /** The rows of a Listing or of a list whose elements are all records; null for anything else. */
    @SuppressWarnings("unchecked")
    private static List<? extends Record> rows(Object v) {
        if (v instanceof Listing l) {
            return l.rows();
        }
        if (v instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (!(o instanceof Record)) {
                    return null;
                }
            }
            return (List<? extends Record>) list;
        }
        return null;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }

    /** A value's natural text. */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Optional<?> o) {
            return o.map(RecordFormat::cell).orElse("");
        }
        if (v instanceof InetAddress a) {
            return a instanceof Inet6Address ? v6(a.getAddress()) : a.getHostAddress();
        }
        if (v instanceof Instant i) {
            return INSTANT.format(i);
        }
        if (v instanceof Duration d) {
            return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof byte[] bytes) {
            StringBuilder b = new StringBuilder("0x");
            for (byte x : bytes) {
                b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
            }
            return b.toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder();
            for (Object o : c) {
                b.append(b.length() > 0 ? ", " : "").append(cell(o));
            }
            return b.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(b.length() > 0 ? ", " : "").append(cell(e.getKey())).append('=').append(cell(e.getValue()));
            }
            return b.toString();
        }
        if (v instanceof Record r && !(v instanceof Printable)) {
            return line(r);
        }
        return String.valueOf(v);
    }

    /** RFC 5952 text of an IPv6 address: the longest run of two or more zero groups becomes {@code ::}. */
    static String v6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xFF) << 8 | a[2 * i + 1] & 0xFF;
        }
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (best == 0 && bestLen == 5 && g[5] == 0xFFFF) {
            return "::ffff:" + (a[12] & 0xFF) + "." + (a[13] & 0xFF) + "." + (a[14] & 0xFF) + "." + (a[15] & 0xFF);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    /** {@code bytesToServer} as {@code BYTES TO SERVER} (a header) or {@code bytes to server} (a name). */
    static String words(String camel, boolean header) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
                b.append(' ');
            }
            b.append(ch);
        }
        String s = b.toString();
        return header ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }
}
