package weir.engine.core.shell;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.core.expr.Echo;

/**
 * A command's options and arguments, read from its method's Gogo annotations, and the binding of the words
 * typed after the command to the method's parameters. Options are {@code --name VALUE}, {@code --name=VALUE}
 * or a short {@code -n VALUE}; flags take no value; {@code --} ends the options. The method's parameters may
 * be a leading {@link CommandSession}, options ({@code @Parameter}: String, boolean, int or long),
 * required String arguments, and a last {@code List<String>} that takes the rest.
 */
final class CommandSpec {
    /** An option: its names, the name of its value, and what it is worth when absent or present (flags). */
    record Option(List<String> names, String metavar, String description, boolean flag, String absent,
            Class<?> type, Completion complete) {
        String written() {
            String n = String.join(", ", names);
            return flag ? n : n + " " + metavar;
        }
    }

    /** An argument: required, or the rest of the line. */
    record Positional(String metavar, String description, boolean rest, Completion complete) {
    }

    private final String name;
    private final String description;
    private final Method method;
    private final boolean session;
    private final List<Object> parameters = new ArrayList<>();
    private final List<Option> options = new ArrayList<>();
    private final List<Positional> positionals = new ArrayList<>();

    private CommandSpec(String name, Method method) {
        this.name = name;
        this.method = method;
        Descriptor d = method.getAnnotation(Descriptor.class);
        this.description = d == null ? "" : d.value();
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        boolean s = false;
        for (int i = 0; i < types.length; i++) {
            if (i == 0 && types[i] == CommandSession.class) {
                s = true;
                continue;
            }
            Parameter p = find(annotations[i], Parameter.class);
            Descriptor pd = find(annotations[i], Descriptor.class);
            Arg arg = find(annotations[i], Arg.class);
            String text = pd == null ? "" : pd.value();
            Completion c = arg == null ? Completion.NONE : arg.complete();
            if (p != null) {
                boolean flag = !Parameter.UNSPECIFIED.equals(p.presentValue());
                Option o = new Option(List.of(p.names()), arg == null ? "VALUE" : arg.value(), text, flag,
                        p.absentValue(), types[i], c);
                options.add(o);
                parameters.add(o);
            } else {
                boolean rest = List.class.isAssignableFrom(types[i]);
                if (!rest && types[i] != String.class) {
                    throw new IllegalStateException(method + ": argument " + i + " must be a String or a List");
                }
                Positional a = new Positional(arg == null ? "ARG" : arg.value(), text, rest, c);
                positionals.add(a);
                parameters.add(a);
            }
        }
        this.session = s;
    }

    static CommandSpec of(String name, Method method) {
        return new CommandSpec(name, method);
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    Method method() {
        return method;
    }

    List<Option> options() {
        return options;
    }

    List<Positional> positionals() {
        return positionals;
    }

    /** True when {@code --help} or {@code -h} stands where an option may. */
    boolean asksForHelp(List<String> words) {
        for (String w : words) {
            if (w.equals("--")) {
                return false;
            }
            if (w.equals("--help") || w.equals("-h") && option("-h") == null) {
                return true;
            }
        }
        return false;
    }

    Usage usage(String notes) {
        StringBuilder syn = new StringBuilder(name);
        if (!options.isEmpty()) {
            syn.append(" [options]");
        }
        List<Usage.Entry> args = new ArrayList<>();
        for (Positional p : positionals) {
            syn.append(' ').append(p.rest ? "[" + p.metavar + "...]" : p.metavar);
            args.add(new Usage.Entry(p.metavar, p.description));
        }
        List<Usage.Entry> opts = new ArrayList<>();
        for (Option o : options) {
            String d = o.description;
            if (!o.flag && !o.absent.isEmpty() && !Parameter.UNSPECIFIED.equals(o.absent)) {
                d += " (default " + o.absent + ")";
            }
            opts.add(new Usage.Entry(o.written(), d));
        }
        opts.add(new Usage.Entry("-h, --help", "print this help"));
        return new Usage(name, description, syn.toString(), opts, args, notes);
    }

    /** The method's arguments for these words. */
    Object[] bind(CommandSession s, List<String> words) {
        String[] optionValues = new String[options.size()];
        List<String> free = new ArrayList<>();
        boolean optionsEnd = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!optionsEnd && w.equals("--")) {
                optionsEnd = true;
                continue;
            }
            if (optionsEnd || !looksLikeOption(w)) {
                free.add(w);
                continue;
            }
            int eq = w.indexOf('=');
            String n = eq > 0 ? w.substring(0, eq) : w;
            Option o = option(n);
            if (o == null) {
                throw new CommandException(name, "unknown option " + n + " (" + name + " --help lists the options)");
            }
            int k = options.indexOf(o);
            if (o.flag) {
                if (eq > 0) {
                    throw new CommandException(name, n + " takes no value");
                }
                optionValues[k] = "true";
            } else if (eq > 0) {
                optionValues[k] = w.substring(eq + 1);
            } else if (i + 1 < words.size()) {
                optionValues[k] = words.get(++i);
            } else {
                throw new CommandException(name, n + " needs a value: " + n + " " + o.metavar);
            }
        }
        Object[] out = new Object[parameters.size() + (session ? 1 : 0)];
        int at = 0;
        if (session) {
            out[at++] = s;
        }
        int next = 0;
        for (Object p : parameters) {
            if (p instanceof Option o) {
                String v = optionValues[options.indexOf(o)];
                out[at++] = convert(o, v == null ? (o.flag ? "false" : o.absent) : v);
            } else {
                Positional a = (Positional) p;
                if (a.rest) {
                    out[at++] = List.copyOf(free.subList(Math.min(next, free.size()), free.size()));
                    next = free.size();
                } else if (next < free.size()) {
                    out[at++] = free.get(next++);
                } else {
                    throw new CommandException(name, "missing " + a.metavar + " (usage: " + usage("").synopsis() + ")");
                }
            }
        }
        if (next < free.size()) {
            throw new CommandException(name, "unexpected argument '" + free.get(next) + "' (usage: "
                    + usage("").synopsis() + ")");
        }
        return out;
    }

    Option option(String written) {
        for (Option o : options) {
            if (o.names.contains(written)) {
                return o;
            }
        }
        return null;
    }

    /** {@code --name}, {@code --name=value} or {@code -x}; not {@code -1} or {@code -} alone. */
    static boolean looksLikeOption(String w) {
        if (w.startsWith("--")) {
            return w.length() > 2 && Character.isLetter(w.charAt(2));
        }
        return w.length() == 2 && w.charAt(0) == '-' && Character.isLetter(w.charAt(1));
    }

    private Object convert(Option o, String v) {
        if (Parameter.UNSPECIFIED.equals(v)) {
            v = null;
        }
        Class<?> t = o.type;
        if (t == String.class) {
            return v;
        }
        String n = o.names.get(o.names.size() - 1);
        if (t == boolean.class || t == Boolean.class) {
            return v != null && Values.bool(v, n);
        }
        try {
            if (t == int.class || t == Integer.class) {
                return v == null || v.isEmpty() ? 0 : Integer.parseInt(v.trim());
            }
            if (t == long.class || t == Long.class) {
                return v == null || v.isEmpty() ? 0L : Long.parseLong(v.trim());
            }
        } catch (NumberFormatException e) {
            throw new CommandException(name, n + " takes a whole number, not '" + Echo.of(v) + "'");
        }
        throw new IllegalStateException(method + ": option " + n + " has type " + t);
    }

    private static <A extends Annotation> A find(Annotation[] as, Class<A> type) {
        for (Annotation a : as) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
