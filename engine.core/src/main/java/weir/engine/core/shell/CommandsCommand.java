package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;

/**
 * {@code wfp:commands [COMMAND]}: the wfp: commands, or one command's usage. Gogo's own {@code help} finds a
 * command only by a Java method name, which a name with a hyphen cannot be; and a {@code wfp:help} would make
 * a plain {@code help} ambiguous (Gogo then picks either).
 */
final class CommandsCommand extends Command {
    private final Supplier<List<Command>> commands;

    CommandsCommand(Supplier<List<Command>> commands) {
        super("commands", "commands");
        this.commands = commands;
    }

    @Descriptor("list the wfp: commands, or show one command's usage")
    public Object commands(@Descriptor("a command, e.g. filter-add")
            @Arg(value = "COMMAND", complete = Completion.COMMAND) List<String> command) {
        if (command.size() > 1) {
            throw error("one command at a time: wfp:commands COMMAND");
        }
        List<CommandList.Entry> all = new ArrayList<>();
        for (Command c : commands.get()) {
            if (c.hidden()) {
                continue;
            }
            if (command.size() == 1 && (c.function().equals(command.get(0))
                    || c.spec().name().equals(command.get(0)))) {
                return c.spec().usage(c.notes());
            }
            all.add(new CommandList.Entry(c.spec().name(), c.spec().description()));
        }
        if (command.size() == 1) {
            throw error("no command wfp:" + command.get(0) + "; wfp:commands lists them");
        }
        return new CommandList(all);
    }
}
