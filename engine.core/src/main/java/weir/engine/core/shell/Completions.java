package weir.engine.core.shell;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;

/**
 * Installs the wfp: commands' tab completion into every interactive Gogo shell. Gogo's JLine shell keeps a
 * session's completions in the session variable {@code .completions} (command → JLine
 * {@code Completers.CompletionData}), filled by its profile's {@code complete} commands; a bundle's commands
 * get none unless someone adds them. So before a session's first command (its profile) this listener adds,
 * per command: its description, its options, and one argument entry that asks {@value #HELPER} for the
 * candidates at the cursor (layers, sublayers, fields, flags, filter ids, callout keys, ...). That helper is a
 * function in a session variable, not a registered command, so that {@code help} does not list it.
 *
 * <p>The data objects are JLine's, made reflectively with the class loader of the session's line reader:
 * the engine bundle does not depend on JLine, and sessions without one (scripts, {@code -c}) get nothing.
 */
final class Completions implements CommandSessionListener {
    static final String INSTALLED = ".weir.completions";
    /** The session variable that holds the completion helper ({@link CompleteCommand}). */
    static final String HELPER = "__wfp_complete";
    private static final String DATA = "org.jline.builtins.Completers$CompletionData";

    private final Supplier<List<Command>> commands;
    private final CompleteCommand helper;

    Completions(Supplier<List<Command>> commands, CompleteCommand helper) {
        this.commands = commands;
        this.helper = helper;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        install(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        // nothing to do
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        // nothing to do
    }

    /** Adds the completions once per session that has a line reader; true when it did. */
    @SuppressWarnings("unchecked")
    boolean install(CommandSession session) {
        Object map = session.get(".completions");
        Object reader = session.get(".reader");
        if (!(map instanceof Map) || reader == null || session.get(INSTALLED) != null) {
            return false;
        }
        session.put(INSTALLED, Boolean.TRUE);
        session.put(HELPER, helper);
        try {
            Class<?> type = reader.getClass().getClassLoader().loadClass(DATA);
            Constructor<?> data = type.getConstructor(List.class, String.class, String.class, String.class);
            Map<String, Object> completions = (Map<String, Object>) map;
            for (Command c : commands.get()) {
                if (!c.hidden()) {
                    completions.put(Command.SCOPE + ":" + c.function(), entries(c, data));
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // another JLine than the one Gogo 1.1 ships: the commands work, only without completion
            return false;
        }
    }

    private static List<Object> entries(Command c, Constructor<?> data) throws ReflectiveOperationException {
        List<Object> l = new ArrayList<>();
        l.add(data.newInstance(null, c.spec().description(), null, null));
        for (CommandSpec.Option o : c.spec().options()) {
            l.add(data.newInstance(o.names(), o.description(), null, null));
        }
        if (c.spec().option(Command.NO_FORMAT) == null) {
            l.add(data.newInstance(List.of(Command.NO_FORMAT), Options.NO_FORMAT, null, null));
        }
        l.add(data.newInstance(List.of("-h", "--help"), "print the command's help", null, null));
        if (!c.spec().positionals().isEmpty() || hasValueOption(c)) {
            l.add(data.newInstance(null, null, HELPER, null));
        }
        return l;
    }

    private static boolean hasValueOption(Command c) {
        for (CommandSpec.Option o : c.spec().options()) {
            if (!o.flag()) {
                return true;
            }
        }
        return false;
    }
}
