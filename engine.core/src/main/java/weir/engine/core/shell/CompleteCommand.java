package weir.engine.core.shell;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutView;
import weir.engine.api.ConditionFlag;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.FieldNames;

/**
 * Tab completion's helper: the candidates for the word being completed, which JLine's completer asks for
 * through the completion data that {@link Completions} installs. It lives in a session variable
 * ({@link Completions#HELPER}), not among the commands. JLine puts the line being edited into the session
 * variable {@code .commandLine} (a {@code ParsedLine}, read reflectively: the engine bundle does not depend on
 * JLine). A candidate that is only the start of a word ({@code protocol=}, a folder's {@code name/}) is handed
 * back as JLine's {@code Candidate} marked incomplete, so that JLine does not add a space after it.
 */
final class CompleteCommand extends Command {
    private final Shell shell;
    private final Supplier<List<Command>> commands;

    CompleteCommand(Shell shell, Supplier<List<Command>> commands) {
        super("__complete", "complete");
        this.shell = shell;
        this.commands = commands;
    }

    @Override
    boolean hidden() {
        return true;
    }

    @Descriptor("tab completion's helper: the candidates for the word at the cursor")
    public List<Object> complete(CommandSession session) {
        Object line = session.get(".commandLine");
        if (line == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> words = (List<String>) call(line, "words");
        Object index = call(line, "wordIndex");
        if (words == null || !(index instanceof Integer i) || words.isEmpty()) {
            return List.of();
        }
        return candidates(words(session, words, i), session.get(".reader"));
    }

    /** JLine candidates; a word that is only a start ({@code name=}, {@code dir/}) gets no space after it. */
    static List<Object> candidates(List<String> words, Object reader) {
        List<Object> out = new ArrayList<>(words.size());
        java.lang.reflect.Constructor<?> candidate = null;
        try {
            if (reader != null) {
                candidate = reader.getClass().getClassLoader().loadClass("org.jline.reader.Candidate").getConstructor(
                        String.class, String.class, String.class, String.class, String.class, String.class,
                        boolean.class);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            candidate = null; // plain words: JLine adds a space after each
        }
        for (String w : words) {
            boolean partial = w.endsWith("=") || w.endsWith("/") || w.endsWith(",") || w.endsWith("|");
            if (partial && candidate != null) {
                try {
                    out.add(candidate.newInstance(w, w, null, null, null, null, false));
                    continue;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // as a plain word
                }
            }
            out.add(w);
        }
        return out;
    }

    /** The candidates for word {@code index} of {@code words} (word 0 is the command). */
    List<String> words(CommandSession session, List<String> words, int index) {
        Command c = command(words.get(0));
        if (c == null || index < 1) {
            return List.of();
        }
        String word = index < words.size() ? words.get(index) : "";
        CommandSpec spec = c.spec();
        String prev = words.get(index - 1);
        if (CommandSpec.looksLikeOption(prev) && prev.indexOf('=') < 0) {
            CommandSpec.Option o = spec.option(prev);
            if (o != null && !o.flag()) {
                return of(o.complete(), session, words, index, word, 0);
            }
        }
        // which argument: count the free words before this one
        int position = 0;
        for (int k = 1; k < index; k++) {
            String w = words.get(k);
            if (CommandSpec.looksLikeOption(w)) {
                CommandSpec.Option o = spec.option(w.indexOf('=') > 0 ? w.substring(0, w.indexOf('=')) : w);
                if (o != null && !o.flag() && w.indexOf('=') < 0) {
                    k++; // its value
                }
            } else {
                position++;
            }
        }
        List<CommandSpec.Positional> args = spec.positionals();
        if (args.isEmpty()) {
            return List.of();
        }
        CommandSpec.Positional p = args.get(Math.min(position, args.size() - 1));
        int within = p.rest() ? position - (args.size() - 1) : 0;
        if (!p.rest() && position >= args.size()) {
            return List.of();
        }
        return of(p.complete(), session, words, index, word, within);
    }

    private List<String> of(Completion kind, CommandSession session, List<String> words, int index, String word,
            int within) {
        EngineSession s = shell.session(session);
        List<String> out = new ArrayList<>();
        switch (kind) {
            case LAYER -> {
                for (Layer l : Layer.values()) {
                    out.add(l.name());
                }
            }
            case SUBLAYER -> {
                for (SubLayer sl : s.subLayers()) {
                    named(out, sl.name(), sl.subLayerKey().toString());
                }
            }
            case PROVIDER -> {
                for (Provider p : s.providers()) {
                    named(out, p.name(), p.providerKey().toString());
                }
            }
            case CALLOUT -> callouts(s, out);
            case FILTER -> {
                for (Filter f : s.filters()) {
                    out.add(Long.toString(f.filterId()));
                }
            }
            case ACTION -> {
                for (ActionType a : List.of(ActionType.PERMIT, ActionType.BLOCK, ActionType.CALLOUT_TERMINATING,
                        ActionType.CALLOUT_INSPECTION, ActionType.CALLOUT_UNKNOWN)) {
                    out.add(a.name());
                }
            }
            case FILTER_FLAGS -> {
                String done = word.lastIndexOf(',') >= 0 ? word.substring(0, word.lastIndexOf(',') + 1) : "";
                for (FilterFlag f : FilterFlag.values()) {
                    if (f != FilterFlag.DISABLED) {
                        out.add(done + f.name());
                    }
                }
            }
            case WEIGHT -> {
                out.add("auto");
                for (int r = 0; r <= 15; r++) {
                    out.add("range:" + r);
                }
            }
            case BOOLEAN -> out.addAll(List.of("true", "false"));
            case EVENT_TYPE -> out.addAll(List.of("drop", "allow"));
            case ENGINE_OPTION -> engineOption(out, words, index, within);
            case FIELD_VALUE -> fieldValues(out, layerAt(words, 1), word);
            case FIELD -> fields(out, layerOption(words));
            case COMMAND -> {
                for (Command c : commands.get()) {
                    if (!c.hidden()) {
                        out.add(c.function());
                    }
                }
            }
            case FILE -> files(out, session, word);
            default -> {
                // nothing to offer
            }
        }
        return out;
    }

    /** A name when it can be typed as one word, and the key always. */
    private static void named(List<String> out, String name, String key) {
        if (!name.isEmpty() && name.matches("[\\w.:@+-]+")) {
            out.add(name);
        }
        out.add(key);
    }

    private void callouts(EngineSession s, List<String> out) {
        for (CalloutObject c : s.callouts()) {
            named(out, c.name(), c.calloutKey().toString());
        }
        CalloutRuntime rt = shell.calloutRuntime();
        if (rt != null) {
            for (CalloutView v : rt.callouts()) {
                if (!out.contains(v.calloutKey().toString())) {
                    out.add(v.calloutKey().toString());
                }
            }
        }
    }

    private static void engineOption(List<String> out, List<String> words, int index, int within) {
        if (within == 0) {
            out.addAll(EngineCommand.OPTIONS);
            return;
        }
        String option = words.get(index - within);
        if (option.equalsIgnoreCase("defaultAction")) {
            out.addAll(List.of("PERMIT", "BLOCK"));
            if (within == 1) {
                for (Layer l : Layer.values()) {
                    out.add(l.name());
                }
            }
        } else if (within == 1 && option.toLowerCase(Locale.ROOT).matches("stopafterhardblock|collect.*")) {
            out.addAll(List.of("true", "false"));
        }
    }

    /** {@code name=} for every field of the layer; after {@code name=}, its named values (FLAGS: joined by |). */
    private static void fieldValues(List<String> out, Layer layer, String word) {
        if (layer == null) {
            return;
        }
        int eq = word.indexOf('=');
        if (eq < 0) {
            for (String n : FieldNames.namesAt(layer)) {
                out.add(n + "=");
            }
            return;
        }
        Field f;
        try {
            f = FieldNames.resolve(layer, word.substring(0, eq));
        } catch (IllegalArgumentException e) {
            return;
        }
        int bar = word.lastIndexOf('|');
        String done = bar > eq ? word.substring(0, bar + 1) : word.substring(0, eq + 1);
        for (String v : FieldNames.valueNames(f)) {
            out.add(done + v);
        }
    }

    /** Field names of the {@code --layer} given on the line (every readable name without one), and flags. */
    private static void fields(List<String> out, Layer layer) {
        if (layer != null) {
            out.addAll(FieldNames.namesAt(layer));
        } else {
            out.addAll(FieldNames.readable().keySet());
        }
        for (ConditionFlag f : ConditionFlag.values()) {
            out.add(f.name());
        }
        out.addAll(List.of("and", "or", "not", "in", "has", "tcp", "udp", "icmp", "icmpv6"));
    }

    private static void files(List<String> out, CommandSession session, String word) {
        int slash = word.lastIndexOf('/');
        String dirPart = slash >= 0 ? word.substring(0, slash + 1) : "";
        Path dir = PolicyImportCommand.resolve(session, dirPart.isEmpty() ? "." : dirPart);
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> out.add(dirPart + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException | RuntimeException e) {
            // no such folder: nothing to offer
        }
    }

    private static Layer layerAt(List<String> words, int from) {
        for (int k = from; k < words.size(); k++) {
            if (!CommandSpec.looksLikeOption(words.get(k))) {
                try {
                    return Lookup.layer(words.get(k));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Layer layerOption(List<String> words) {
        for (int k = 1; k + 1 < words.size(); k++) {
            if (words.get(k).equals("--layer") || words.get(k).equals("-l")) {
                try {
                    return Lookup.layer(words.get(k + 1));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private Command command(String word) {
        String name = word.startsWith(SCOPE + ":") ? word.substring(SCOPE.length() + 1) : word;
        for (Command c : commands.get()) {
            if (c.function().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
