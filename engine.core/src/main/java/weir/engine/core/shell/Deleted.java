package weir.engine.core.shell;

/** What a delete command returns: which object went ({@code id} is the filter id, 0 for other objects). */
public record Deleted(String kind, String key, long id, String name) implements Printable {
    @Override
    public String inspect() {
        return line();
    }

    /** kind, filter id (0 for other objects), key, name. */
    @Override
    public String plain() {
        return kind + "\t" + id + "\t" + key + "\t" + name;
    }

    @Override
    public String line() {
        return "deleted " + kind + (id != 0 ? " " + id : "") + " '" + name + "' (" + key + ")";
    }
}
