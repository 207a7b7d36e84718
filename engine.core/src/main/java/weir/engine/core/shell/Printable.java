package weir.engine.core.shell;

/**
 * A command's result as the shell prints it ({@link ShellConverter}): in full ({@code INSPECT}, what a
 * command line shows), as one line ({@code LINE}, inside lists and pipes), and for scripts ({@code plain},
 * what {@code --no-format} prints: tab-separated values without a header, nothing cut). Every command takes
 * {@code --no-format} ({@link Command}); results that carry their own {@link Style} print it from
 * {@link #inspect()}, the others from {@link #plain()}.
 */
interface Printable {
    String inspect();

    String line();

    /** Tab-separated values, one line per row, no header; by default a record's components in order. */
    default String plain() {
        return this instanceof Record r ? RecordFormat.plain(r) : inspect();
    }
}
