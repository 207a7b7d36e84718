package weir.engine.api.shell;

/**
 * A command's result for scripts ({@code --no-format}): a {@link Listing} prints one line per row, a record one
 * line, each as tab-separated values without a header, never cut, in the order of the record's components.
 *
 * @param value a {@link Listing}, a record, or a list of records
 */
public record NoFormat(Object value) {
}
