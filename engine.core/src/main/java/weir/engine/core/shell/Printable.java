package weir.engine.core.shell;

/**
 * A command's result as the shell prints it ({@link ShellConverter}): in full ({@code INSPECT}, what a
 * command line shows) and as one line ({@code LINE}, inside lists and pipes).
 */
interface Printable {
    String inspect();

    String line();
}
