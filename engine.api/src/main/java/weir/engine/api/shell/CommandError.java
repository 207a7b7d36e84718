package weir.engine.api.shell;

/**
 * A shell command's failure, for any bundle's commands: one line that names the command and says what to do,
 * e.g. {@code shim:open: missing.pcap: cannot be read (no such file)}. The shell prints it as it is (no class
 * name, no stack trace) and counts the command as failed ({@code -c} exits 1). Throw it instead of returning
 * an error as text, which a script could not tell from a result.
 */
public class CommandError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the whole line, starting with the command ({@code scope:name: what went wrong; the fix}) */
    public CommandError(String message) {
        super(message);
    }

    /** The line as it is: Gogo's shell prints an exception with {@code toString()}. */
    @Override
    public String toString() {
        return getMessage();
    }
}
