package weir.engine.core.shell;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.core.expr.ConditionParser;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.ExpressionException;

/** {@code wfp:filter-add}: a filter from options and a condition expression. */
final class FilterAddCommand extends Command {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Shell shell;

    FilterAddCommand(Shell shell) {
        super("filter-add", "filterAdd");
        this.shell = shell;
    }

    @Descriptor("add a filter: conditions in the expression language, an action, a weight")
    public FilterRow filterAdd(CommandSession session,
            @Descriptor("the layer (required)") @Arg(value = "LAYER", complete = Completion.LAYER)
            @Parameter(names = {"-l", "--layer"}, absentValue = "") String layer,
            @Descriptor("PERMIT, BLOCK, CALLOUT_TERMINATING, CALLOUT_INSPECTION or CALLOUT_UNKNOWN (required)")
            @Arg(value = "ACTION", complete = Completion.ACTION)
            @Parameter(names = {"-a", "--action"}, absentValue = "") String action,
            @Descriptor("the callout a CALLOUT_ action calls (key or name)")
            @Arg(value = "CALLOUT", complete = Completion.CALLOUT)
            @Parameter(names = {"--callout"}, absentValue = "") String callout,
            @Descriptor("auto, a number (FWP_UINT64: the effective weight itself) or range:N (FWP_UINT8, N 0..15)")
            @Arg(value = "WEIGHT", complete = Completion.WEIGHT)
            @Parameter(names = {"-w", "--weight"}, absentValue = "auto") String weight,
            @Descriptor("the sublayer (key or name; default: the layer's default sublayer)")
            @Arg(value = "SUBLAYER", complete = Completion.SUBLAYER)
            @Parameter(names = {"--sublayer"}, absentValue = "") String subLayer,
            @Descriptor("the provider (key or name)") @Arg(value = "PROVIDER", complete = Completion.PROVIDER)
            @Parameter(names = {"--provider"}, absentValue = "") String provider,
            @Descriptor("filter flags, comma-separated, e.g. CLEAR_ACTION_RIGHT")
            @Arg(value = "FLAGS", complete = Completion.FILTER_FLAGS)
            @Parameter(names = {"--flags"}, absentValue = "") String flags,
            @Descriptor("the display name (default: the action and the conditions)") @Arg("NAME")
            @Parameter(names = {"-n", "--name"}, absentValue = "") String name,
            @Descriptor("the description") @Arg("TEXT")
            @Parameter(names = {"--description"}, absentValue = "") String description,
            @Descriptor("the filter's key (default: a new one)") @Arg("GUID")
            @Parameter(names = {"--key"}, absentValue = "") String key,
            @Descriptor("the raw context handed to its callout (0..2^64-1)") @Arg("N")
            @Parameter(names = {"--raw-context"}, absentValue = "0") String rawContext,
            @Descriptor("keep it across restarts (FWPM_FILTER_FLAG_PERSISTENT)")
            @Parameter(names = {"--persistent"}, presentValue = "true", absentValue = "false") boolean persistent,
            @Descriptor("the conditions, e.g. 'protocol == tcp and local.port == 23' (none: matches everything)")
            @Arg(value = "EXPRESSION", complete = Completion.FIELD) List<String> expression) {
        if (layer.isEmpty()) {
            throw error("which layer? give --layer, e.g. --layer INBOUND_TRANSPORT_V4 (wfp:layers lists them)");
        }
        if (action.isEmpty()) {
            throw error("which action? give --action PERMIT, BLOCK or a CALLOUT_ type with --callout");
        }
        EngineSession s = shell.session(session);
        Layer l = Lookup.layer(layer);
        String text = blankTrimmed(String.join(" ", expression));
        if (!expression.isEmpty() && text.isEmpty()) {
            // '' reads like a forgotten expression, but would add a filter that matches every packet
            throw error("the expression is empty: it would match every packet; write the conditions, or leave the "
                    + "expression out to match every packet");
        }
        List<Condition> conditions;
        try {
            conditions = ConditionParser.parse(l, text);
        } catch (ExpressionException e) {
            throw error("conditions, " + e.getMessage());
        }
        Set<FilterFlag> f = Values.flags(flags);
        if (persistent) {
            f.add(FilterFlag.PERSISTENT);
        }
        ActionType type = Values.action(action);
        String shown = name.isEmpty() ? type.name() + (text.isEmpty() ? " all" : " " + text) : name;
        Filter filter = Filter.of(shown, l, filterAction(s, type, callout))
                .withDisplayData(new DisplayData(shown, description))
                .withConditions(conditions)
                .withWeight(Values.weight(weight))
                .withFlags(f)
                .withRawContext(unsigned(rawContext));
        if (!subLayer.isEmpty()) {
            filter = filter.withSubLayer(Lookup.subLayer(s, subLayer).subLayerKey());
        }
        if (!provider.isEmpty()) {
            filter = filter.withProvider(Lookup.provider(s, provider).providerKey(), null);
        }
        if (!key.isEmpty()) {
            UUID k = Lookup.guid(key);
            if (k == null) {
                throw error("--key '" + Echo.of(key) + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            }
            filter = filter.withKey(k);
        }
        Filter added = s.addFilter(filter);
        return new Catalog(s).row(added);
    }

    /** Without white space at the ends; unlike String.trim, keeps NUL and other controls for the parser to refuse. */
    private static String blankTrimmed(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    private FilterAction filterAction(EngineSession s, ActionType type, String callout) {
        if (type == ActionType.PERMIT || type == ActionType.BLOCK) {
            if (!callout.isEmpty()) {
                throw error("--callout goes with a CALLOUT_ action, not " + type);
            }
            return new FilterAction(type, null);
        }
        if (callout.isEmpty()) {
            throw error(type + " calls a callout: give --callout KEY (wfp:callouts lists them)");
        }
        return new FilterAction(type, Lookup.calloutKey(s, shell.calloutRuntime(), callout));
    }

    private long unsigned(String text) {
        try {
            BigInteger n = new BigInteger(text.trim());
            if (n.signum() >= 0 && n.compareTo(UINT64_MAX) <= 0) {
                return n.longValue();
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw error("--raw-context takes a number 0..18446744073709551615, not '" + Echo.of(text) + "'");
    }

    @Override
    String notes() {
        return "Quote the expression: Gogo reads | ( ) < > and $ itself.\n"
                + "examples:\n"
                + "  wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --weight 10 --name \"no telnet\""
                + " \"protocol == tcp and local.port == 23\"\n"
                + "  wfp:filter-add --layer ALE_AUTH_CONNECT_V4 --action PERMIT --flags CLEAR_ACTION_RIGHT"
                + " 'protocol == tcp and remote.port in 80,443'\n"
                + "  wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action CALLOUT_TERMINATING --callout nat"
                + " 'protocol == udp'\n"
                + "The language: README.md, section \"Conditions in words\"; wfp:layer LAYER lists the fields.";
    }
}
