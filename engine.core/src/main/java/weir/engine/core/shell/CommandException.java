package weir.engine.core.shell;

/**
 * A command that could not do what it was asked: one line naming the command and what to do. The shell
 * prints an exception with {@code toString()}, so that is the line itself, without a class name; the cause
 * (when there is one) stays attached for those who ask for the stack trace.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String command;

    CommandException(String command, String message) {
        super(message);
        this.command = command;
    }

    CommandException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    /** The command, e.g. {@code wfp:filter-add}. */
    public String command() {
        return command;
    }

    @Override
    public String toString() {
        return command + ": " + getMessage();
    }
}
