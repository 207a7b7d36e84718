package weir.engine.core.shell;

import java.util.List;

/**
 * What {@code wfp:COMMAND --help} returns: the command's description, its usage line, its options and
 * arguments (from Gogo's {@code @Descriptor} and {@code @Parameter}) and examples.
 */
public record Usage(String command, String description, String synopsis, List<Entry> options, List<Entry> arguments,
        String notes) implements Printable {

    /** One option or argument: how it is written and what it does. */
    public record Entry(String written, String description) {
    }

    @Override
    public String inspect() {
        StringBuilder b = new StringBuilder();
        b.append(command).append(" - ").append(description).append('\n');
        b.append("usage: ").append(synopsis);
        section(b, "arguments", arguments);
        section(b, "options", options);
        if (!notes.isEmpty()) {
            b.append("\n\n").append(notes);
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int w = 0;
        for (Entry e : entries) {
            w = Math.max(w, e.written().length());
        }
        b.append("\n").append(title).append(':');
        for (Entry e : entries) {
            b.append("\n  ").append(e.written()).append(" ".repeat(w - e.written().length() + 2))
                    .append(e.description());
        }
    }

    @Override
    public String line() {
        return synopsis;
    }
}
