package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.ActionType;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.Layer;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/** {@code wfp:engine [OPTION [VALUE]]}: shows and sets the engine options. */
final class EngineCommand extends Command {
    static final List<String> OPTIONS = List.of("stopAfterHardBlock", "collectNetEvents", "collectClassifyAllow",
            "netEventCapacity", "calloutQuarantineThreshold", "calloutBudgetMillis", "calloutSlowCallThreshold",
            "defaultAction");

    private final Shell shell;

    EngineCommand(Shell shell) {
        super("engine", "engine");
        this.shell = shell;
    }

    @Descriptor("show the engine options, or set one: wfp:engine stopAfterHardBlock true")
    public Object engine(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat,
            @Descriptor("an option and its new value; defaultAction takes ACTION (every layer) or LAYER ACTION")
            @Arg(value = "OPTION VALUE", complete = Completion.ENGINE_OPTION) List<String> words) {
        EngineSession s = shell.session(session);
        Style style = Style.of(session, noFormat);
        if (words.isEmpty()) {
            return view(s.engineOptions(), "", style);
        }
        String option = option(words.get(0));
        if (words.size() == 1) {
            return new Status(option + " " + value(view(s.engineOptions(), "", style), option));
        }
        EngineOptions o = set(s.engineOptions(), option, words.subList(1, words.size()));
        s.setEngineOptions(o);
        String what = option + " " + String.join(" ", words.subList(1, words.size()));
        return view(s.engineOptions(), what, style);
    }

    private String option(String word) {
        for (String o : OPTIONS) {
            if (o.equalsIgnoreCase(word)) {
                return o;
            }
        }
        throw error("unknown engine option '" + Echo.of(word) + "'" + hint(word) + "; the options are "
                + String.join(", ", OPTIONS));
    }

    private static String hint(String word) {
        return Suggest.didYouMean(word, OPTIONS);
    }

    private EngineOptions set(EngineOptions o, String option, List<String> v) {
        if (!option.equals("defaultAction") && v.size() != 1) {
            throw error(option + " takes one value: wfp:engine " + option + " VALUE");
        }
        String one = v.get(0);
        switch (option) {
            case "stopAfterHardBlock":
                return o.withStopAfterHardBlock(Values.bool(one, option));
            case "collectNetEvents":
                return o.withCollectNetEvents(Values.bool(one, option), o.collectClassifyAllow());
            case "collectClassifyAllow":
                return o.withCollectNetEvents(o.collectNetEvents(), Values.bool(one, option));
            case "netEventCapacity":
                return o.withNetEventCapacity(number(option, one));
            case "calloutQuarantineThreshold":
                return o.withCalloutQuarantineThreshold(number(option, one));
            case "calloutBudgetMillis":
                return o.withCalloutBudgetMillis(number(option, one));
            case "calloutSlowCallThreshold":
                return o.withCalloutSlowCallThreshold(number(option, one));
            default:
                return defaultAction(o, v);
        }
    }

    /** {@code ACTION} for every layer, or {@code LAYER ACTION} / {@code LAYER=ACTION} for one. */
    private EngineOptions defaultAction(EngineOptions o, List<String> v) {
        List<String> words = new ArrayList<>();
        for (String w : v) {
            for (String part : w.split("=")) {
                if (!part.isBlank()) {
                    words.add(part.trim());
                }
            }
        }
        if (words.size() == 1) {
            ActionType a = permitOrBlock(words.get(0));
            Map<Layer, ActionType> all = new EnumMap<>(Layer.class);
            for (Layer l : Layer.values()) {
                all.put(l, a);
            }
            return o.withDefaultActions(all);
        }
        if (words.size() == 2) {
            Map<Layer, ActionType> m = new EnumMap<>(Layer.class);
            for (Layer l : Layer.values()) {
                m.put(l, o.defaultAction(l));
            }
            m.put(Lookup.layer(words.get(0)), permitOrBlock(words.get(1)));
            return o.withDefaultActions(m);
        }
        throw error("defaultAction takes ACTION (every layer) or LAYER ACTION, e.g. wfp:engine defaultAction"
                + " INBOUND_TRANSPORT_V4 BLOCK");
    }

    private ActionType permitOrBlock(String w) {
        String t = w.toUpperCase(Locale.ROOT);
        if (t.equals("PERMIT")) {
            return ActionType.PERMIT;
        }
        if (t.equals("BLOCK")) {
            return ActionType.BLOCK;
        }
        throw error("a default action is PERMIT or BLOCK, not '" + Echo.of(w) + "'");
    }

    private int number(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(option + " takes a whole number, not '" + Echo.of(v) + "'");
        }
    }

    static EngineView view(EngineOptions o, String changed, Style style) {
        Map<ActionType, Integer> votes = new EnumMap<>(ActionType.class);
        for (Layer l : Layer.values()) {
            votes.merge(o.defaultAction(l), 1, Integer::sum);
        }
        ActionType most = votes.getOrDefault(ActionType.BLOCK, 0) > votes.getOrDefault(ActionType.PERMIT, 0)
                ? ActionType.BLOCK : ActionType.PERMIT;
        Map<String, String> others = new LinkedHashMap<>();
        for (Layer l : Layer.values()) {
            if (o.defaultAction(l) != most) {
                others.put(l.name(), o.defaultAction(l).name());
            }
        }
        return new EngineView(o.stopAfterHardBlock(), o.collectNetEvents(), o.collectClassifyAllow(),
                o.netEventCapacity(), o.calloutQuarantineThreshold(), o.calloutBudgetMillis(),
                o.calloutSlowCallThreshold(), most.name(), others, changed, style);
    }

    private static String value(EngineView v, String option) {
        return switch (option) {
            case "stopAfterHardBlock" -> Boolean.toString(v.stopAfterHardBlock());
            case "collectNetEvents" -> Boolean.toString(v.collectNetEvents());
            case "collectClassifyAllow" -> Boolean.toString(v.collectClassifyAllow());
            case "netEventCapacity" -> Integer.toString(v.netEventCapacity());
            case "calloutQuarantineThreshold" -> Integer.toString(v.calloutQuarantineThreshold());
            case "calloutBudgetMillis" -> Integer.toString(v.calloutBudgetMillis());
            case "calloutSlowCallThreshold" -> Integer.toString(v.calloutSlowCallThreshold());
            default -> v.defaultAction() + (v.layerDefaultActions().isEmpty() ? "" : " " + v.layerDefaultActions());
        };
    }

    @Override
    String notes() {
        return "examples:\n"
                + "  wfp:engine stopAfterHardBlock true\n"
                + "  wfp:engine defaultAction INBOUND_TRANSPORT_V4 BLOCK\n"
                + "  wfp:engine netEventCapacity 65536\n"
                + "  wfp:engine calloutBudgetMillis 250\n"
                + "At start the options come from the configuration weir.engine (etc/weir.engine.cfg); a change of\n"
                + "that configuration applies all of them again.";
    }
}
