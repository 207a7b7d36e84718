package weir.engine.core.shell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

import weir.engine.api.WfpException;

/**
 * One {@code wfp:} command: a Gogo {@link Function} registered under its own name. The subclass declares one
 * public method (Gogo's {@code help} finds it by the command's name where that is a Java name) and this class
 * binds the typed words to it ({@link CommandSpec}), answers {@code --help}, and turns every failure into a
 * one-line {@link CommandException}.
 */
abstract class Command implements Function {
    static final String SCOPE = "wfp";

    private final String function;
    private final CommandSpec spec;

    /**
     * @param function the command's name in the shell, e.g. {@code filter-add}
     * @param method the name of the subclass's public method that does it, e.g. {@code filterAdd}
     */
    Command(String function, String method) {
        this.function = function;
        this.spec = CommandSpec.of(SCOPE + ":" + function, find(getClass(), method));
    }

    /** The name in the shell, without the scope. */
    final String function() {
        return function;
    }

    final CommandSpec spec() {
        return spec;
    }

    /** Examples and remarks shown by {@code --help}; empty for none. */
    String notes() {
        return "";
    }

    /** Hidden commands (tab completion's helper) are left out of {@code wfp:help} and of completion. */
    boolean hidden() {
        return false;
    }

    @Override
    public final Object execute(CommandSession session, List<Object> arguments) throws Exception {
        List<String> words = new ArrayList<>(arguments.size());
        for (Object a : arguments) {
            words.add(a == null ? "" : a.toString());
        }
        if (spec.asksForHelp(words)) {
            return spec.usage(notes());
        }
        // every command takes --no-format; those whose results carry a Style read it themselves
        boolean plain = spec.option(NO_FORMAT) == null && removeOption(words, NO_FORMAT);
        Object[] values = spec.bind(session, words);
        Object result;
        try {
            result = spec.method().invoke(this, values);
        } catch (InvocationTargetException e) {
            throw failure(e.getCause());
        }
        return plain ? PlainResult.of(result) : result;
    }

    static final String NO_FORMAT = "--no-format";

    /** Takes {@code option} out of the words before {@code --}; true when it was there. */
    private static boolean removeOption(List<String> words, String option) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--")) {
                return false;
            }
            if (words.get(i).equals(option)) {
                words.remove(i);
                return true;
            }
        }
        return false;
    }

    /** A failure as one line: the engine's message (it names the object and the fix), or ours. */
    final CommandException failure(Throwable t) {
        if (t instanceof CommandException c) {
            return c;
        }
        if (t instanceof WfpException || t instanceof IllegalArgumentException) {
            return new CommandException(spec.name(), t.getMessage(), t);
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return new CommandException(spec.name(), "internal error " + t.getClass().getSimpleName() + m
                + " (please report it; the shell command 'e' prints the stack trace)", t);
    }

    /** A user error of this command. */
    final CommandException error(String message) {
        return new CommandException(spec.name(), message);
    }

    private static Method find(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getDeclaringClass() == type) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no public method " + name);
    }
}
