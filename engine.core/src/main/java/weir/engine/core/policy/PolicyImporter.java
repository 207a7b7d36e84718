package weir.engine.core.policy;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;

/**
 * Applies a {@link Policy} through a session as one transaction: providers, sublayers, callout objects,
 * then filters, then commit. When the engine refuses any of them, the transaction is aborted (nothing of
 * the file stays) and the error names the object's place: {@code FILE:LINE:COL: <the engine's message>}.
 */
public final class PolicyImporter {

    /** What was added: the engine's copies (keys, filter ids and effective weights filled in). */
    public record Result(List<Provider> providers, List<SubLayer> subLayers, List<CalloutObject> callouts,
            List<Filter> filters) {
    }

    private PolicyImporter() {
    }

    /** @throws PolicyException with the one error that stopped the import; the engine is as before */
    public static Result apply(EngineSession session, Policy policy) {
        if (session.inTransaction()) {
            throw new PolicyException(List.of(new PolicyError(policy.file(), new Loc(1, 1),
                    "a transaction is open in this session: commit or abort it first (an import is a transaction of its own)")));
        }
        session.beginTransaction(false);
        Policy.Entry<?> current = null;
        try {
            List<Provider> providers = new ArrayList<>();
            for (Policy.Entry<Provider> e : policy.providers()) {
                current = e;
                providers.add(session.addProvider(e.object()));
            }
            List<SubLayer> subLayers = new ArrayList<>();
            for (Policy.Entry<SubLayer> e : policy.subLayers()) {
                current = e;
                subLayers.add(session.addSubLayer(e.object()));
            }
            List<CalloutObject> callouts = new ArrayList<>();
            for (Policy.Entry<CalloutObject> e : policy.callouts()) {
                current = e;
                callouts.add(session.addCallout(e.object()));
            }
            List<Filter> filters = new ArrayList<>();
            for (Policy.Entry<Filter> e : policy.filters()) {
                current = e;
                filters.add(session.addFilter(e.object()));
            }
            current = null;
            session.commit();
            return new Result(providers, subLayers, callouts, filters);
        } catch (WfpException e) {
            abortQuietly(session);
            Loc at = current == null ? new Loc(1, 1) : current.at(member(e, current));
            throw new PolicyException(List.of(new PolicyError(policy.file(), at, e.getMessage())));
        } catch (RuntimeException e) {
            abortQuietly(session);
            throw e;
        }
    }

    private static void abortQuietly(EngineSession session) {
        if (session.inTransaction()) {
            session.abort();
        }
    }

    /** The member an engine error is about, so the position is the value at fault where we can tell. */
    static String member(WfpException e, Policy.Entry<?> entry) {
        return switch (e.error()) {
            case SUBLAYER_NOT_FOUND -> "sublayer";
            case PROVIDER_NOT_FOUND -> "provider";
            case PROVIDER_CONTEXT_NOT_FOUND, CONTEXT_INCOMPATIBLE_WITH_CALLOUT -> "providerContext";
            case CALLOUT_NOT_FOUND, INVALID_ACTION_TYPE, ACTION_INCOMPATIBLE_WITH_LAYER, CALLOUT_NOTIFICATION_FAILED ->
                    entry.object() instanceof CalloutObject ? "layer" : "action";
            case INVALID_WEIGHT -> "weight";
            case INVALID_FLAGS -> "flags";
            case ALREADY_EXISTS -> "key";
            case NULL_DISPLAY_NAME -> "name";
            case LAYER_NOT_FOUND, INCOMPATIBLE_LAYER -> "layer";
            case CONDITION_NOT_FOUND, TYPE_MISMATCH, MATCH_TYPE_MISMATCH, INVALID_NET_MASK, INVALID_RANGE, NEVER_MATCH,
                    ZERO_LENGTH_ARRAY, DUPLICATE_CONDITION -> entry.members().containsKey("when") ? "when" : "conditions";
            default -> "";
        };
    }
}
