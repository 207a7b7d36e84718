package weir.engine.core.shell;

/**
 * What {@code wfp:show} and {@code wfp:policy-export -} return: the whole ruleset as a policy file (JSON) that
 * {@code wfp:policy-import} or {@code --policy} read back to the same objects, printed as it is.
 */
public record PolicyText(String text) implements Printable {
    @Override
    public String inspect() {
        return text.stripTrailing();
    }

    @Override
    public String line() {
        return "a policy file of " + text.lines().count() + " lines";
    }

    @Override
    public String plain() {
        return inspect();
    }
}
