package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:commands} returns: the wfp: commands and what each does. */
public record CommandList(List<Entry> commands) implements Printable {

    /** A command and its one-line description. */
    public record Entry(String command, String description) {
    }

    @Override
    public String inspect() {
        Table t = new Table().left("COMMAND").flexible("DESCRIPTION");
        for (Entry e : commands) {
            t.row(e.command, e.description);
        }
        return t.render(Style.DEFAULT) + "\n\nEvery command takes --help; tab completes layers, fields, sublayers,"
                + " flags, filter ids and callout keys.";
    }

    /** One line per command: its name and description. */
    @Override
    public String plain() {
        Table t = new Table().left("COMMAND").flexible("DESCRIPTION");
        for (Entry e : commands) {
            t.row(e.command, e.description);
        }
        return t.render(new Style(0, true));
    }

    @Override
    public String line() {
        return Texts.count(commands.size(), "command");
    }
}
