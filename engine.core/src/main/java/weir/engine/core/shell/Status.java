package weir.engine.core.shell;

/** A command's outcome in words, e.g. {@code transaction open (read-write)}. */
public record Status(String message) implements Printable {
    @Override
    public String inspect() {
        return message;
    }

    @Override
    public String line() {
        return message;
    }
}
