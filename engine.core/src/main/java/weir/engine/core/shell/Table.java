package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: a header line and one line per row, columns two spaces apart, numbers right-aligned.
 * When the terminal is narrower than the table, the flexible columns are cut, marked with "...": names
 * first, the content that matters most (conditions) last; {@code wfp:filter ID} and {@code --no-format}
 * always show everything.
 * Columns that may be empty everywhere (flags, reasons) are left out when they are, except in plain output.
 */
final class Table {
    private static final String GAP = "  ";
    private static final String CUT = "...";
    private static final int MIN_FLEX = 12;

    /** {@code keep}: flexible columns are cut in ascending order of it (names before conditions). */
    private record Column(String header, boolean right, boolean flexible, boolean optional, int keep) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    /** Column widths for rows printed one at a time (a follow), or null: see {@link #fixed}. */
    private int[] fixed;

    /** A left-aligned column. */
    Table left(String header) {
        columns.add(new Column(header, false, false, false, 0));
        return this;
    }

    /** A right-aligned column (numbers). */
    Table right(String header) {
        columns.add(new Column(header, true, false, false, 0));
        return this;
    }

    /** A left-aligned column that may be cut to fit the terminal. */
    Table flexible(String header) {
        return flexible(header, 0);
    }

    /** A column that may be cut, after those with a lower {@code keep} (the content that matters most). */
    Table flexible(String header, int keep) {
        columns.add(new Column(header, false, true, false, keep));
        return this;
    }

    /** A left-aligned column that is left out when every row has it empty. */
    Table optional(String header) {
        columns.add(new Column(header, false, true, true, 0));
        return this;
    }

    Table row(Object... cells) {
        String[] r = new String[columns.size()];
        for (int i = 0; i < r.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            r[i] = c == null ? "" : c.toString();
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * Fixed column widths, in column order, for a table printed a row at a time as rows arrive (a follow): every
     * column is shown, each exactly this wide, and a longer cell is cut, so that rows printed apart line up.
     */
    Table fixed(int... widths) {
        fixed = widths.clone();
        return this;
    }

    String render(Style style) {
        return render(style, true);
    }

    /** The table, with or without its header line (the rows of a follow after the first). */
    String render(Style style, boolean header) {
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            // plain output keeps every column, so that a script's field numbers never move
            if (style.plain() || fixed != null || !columns.get(c).optional || !emptyColumn(c)) {
                shown.add(c);
            }
        }
        if (style.plain()) {
            return plain(shown);
        }
        int[] w = new int[columns.size()];
        for (int c : shown) {
            if (fixed != null) {
                w[c] = c < fixed.length ? fixed[c] : columns.get(c).header.length();
                continue;
            }
            w[c] = columns.get(c).header.length();
            for (String[] r : rows) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        if (fixed == null) {
            fit(w, shown, style.width());
        }
        StringBuilder b = new StringBuilder();
        if (header) {
            line(b, shown, w, headers());
        }
        boolean first = !header;
        for (String[] r : rows) {
            if (!first) {
                b.append('\n');
            }
            first = false;
            line(b, shown, w, r);
        }
        return b.toString();
    }

    /** Tab-separated values, no header, nothing cut: one line per row for scripts. */
    private String plain(List<Integer> shown) {
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            if (b.length() > 0) {
                b.append('\n');
            }
            for (int k = 0; k < shown.size(); k++) {
                b.append(k > 0 ? "\t" : "").append(r[shown.get(k)].replace('\t', ' ').replace('\n', ' '));
            }
        }
        return b.toString();
    }

    /** Shrinks flexible columns, widest first, until the table fits {@code width} (0: no limit). */
    private void fit(int[] w, List<Integer> shown, int width) {
        if (width <= 0) {
            return;
        }
        int total = GAP.length() * (shown.size() - 1);
        for (int c : shown) {
            total += w[c];
        }
        while (total > width) {
            // the column to cut: the lowest keep first, the widest among those
            int widest = -1;
            for (int c : shown) {
                Column col = columns.get(c);
                int min = Math.max(MIN_FLEX, col.header.length());
                if (col.flexible && w[c] > min && (widest < 0 || col.keep < columns.get(widest).keep
                        || col.keep == columns.get(widest).keep && w[c] > w[widest])) {
                    widest = c;
                }
            }
            if (widest < 0) {
                return; // nothing left to cut: the terminal wraps
            }
            int min = Math.max(MIN_FLEX, columns.get(widest).header.length());
            int cut = Math.min(total - width, w[widest] - min);
            w[widest] -= cut;
            total -= cut;
        }
    }

    private void line(StringBuilder b, List<Integer> shown, int[] w, String[] cells) {
        int start = b.length();
        for (int k = 0; k < shown.size(); k++) {
            int c = shown.get(k);
            String s = cells[c];
            if (s.length() > w[c]) {
                s = s.substring(0, Math.max(0, w[c] - CUT.length())) + CUT;
            }
            if (k > 0) {
                b.append(GAP);
            }
            boolean last = k == shown.size() - 1;
            if (columns.get(c).right) {
                b.append(" ".repeat(w[c] - s.length())).append(s);
            } else {
                b.append(s);
                if (!last) {
                    b.append(" ".repeat(w[c] - s.length()));
                }
            }
        }
        // no trailing blanks (a right-aligned last column never has any)
        int end = b.length();
        while (end > start && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
    }

    private String[] headers() {
        String[] h = new String[columns.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = columns.get(i).header;
        }
        return h;
    }

    private boolean emptyColumn(int c) {
        for (String[] r : rows) {
            if (!r[c].isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
