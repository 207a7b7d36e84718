package weir.engine.core.shell;

/**
 * A result as {@code --no-format} prints it, for the commands whose result has no plain form of its own
 * (see {@link Command}): already text, so that Gogo prints it as it is.
 */
record PlainResult(String text) implements Printable {
    static Object of(Object result) {
        if (result == null || result instanceof CharSequence) {
            return result;
        }
        if (result instanceof Printable p) {
            return new PlainResult(p.plain());
        }
        return new PlainResult(RecordFormat.plain(result));
    }

    @Override
    public String inspect() {
        return text;
    }

    @Override
    public String line() {
        return text;
    }

    @Override
    public String plain() {
        return text;
    }
}
