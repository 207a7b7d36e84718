package weir.engine.api.shell;

import java.util.List;

/**
 * Rows for the shell to print as an aligned table: one column per record component (header: the component's
 * name in capitals, {@code bytesToServer} becomes {@code BYTES TO SERVER}), numbers right-aligned, text cut to
 * fit a narrow terminal. With no rows the shell prints {@code no WHAT}, e.g. {@code no flows}.
 *
 * @param what what the rows are, in the plural ({@code "flows"}); names them when there are none
 * @param rows the rows, all of one record type
 */
public record Listing(String what, List<? extends Record> rows) {
    public Listing {
        rows = List.copyOf(rows);
    }

    public static Listing of(String what, List<? extends Record> rows) {
        return new Listing(what, rows);
    }
}
