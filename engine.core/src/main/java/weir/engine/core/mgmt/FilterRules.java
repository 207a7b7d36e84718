package weir.engine.core.mgmt;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.ChangeType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.ObjectType;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;
import weir.engine.core.callout.Registration;
import weir.engine.core.classify.ConditionValidator;
import weir.engine.core.classify.Weights;

/**
 * Adding and deleting filters ({@code FwpmFilterAdd0}, {@code FwpmFilterDeleteByKey0/ById0}): every check of
 * spec §1.1 and §2, then the callout's ADD_FILTER, which may still refuse the filter (rule 24).
 *
 * <p>Weir's choices: PERMIT_IF_CALLOUT_UNREGISTERED on an action other than CALLOUT_TERMINATING or
 * CALLOUT_UNKNOWN is INVALID_FLAGS (the flag, not the action, is what is wrong — rule 12). BOOTTIME with
 * PERSISTENT is INVALID_FLAGS; BOOTTIME alone is NOT_SUPPORTED, as Weir has no boot phase before its engine
 * runs. DISABLED is an output and is dropped on add. A provider context key without HAS_PROVIDER_CONTEXT is
 * INVALID_FLAGS (FWPM_FILTER0 keeps the raw context and the provider context key in one union).
 */
final class FilterRules {
    /** D4 tie warnings logged one by one per transaction; further ties are summed up at commit. */
    static final int TIE_WARNINGS_PER_TXN = 10;

    private final Ids ids;
    private final CalloutNotifier callouts;
    private final EngineLog log;

    FilterRules(Ids ids, CalloutNotifier callouts, EngineLog log) {
        this.ids = ids;
        this.callouts = callouts;
        this.log = log;
    }

    /**
     * @param loading true while the store is loaded at start: no callout is registered yet to be told, and the
     *        ties were reported when the filters were first added
     * @return the filter with its key, sublayer, filterId and effectiveWeight filled in
     */
    Filter add(Transaction t, Filter given, boolean loading) {
        Filter f = zeroKeysAbsent(given);
        Object what = Describe.lazily(f); // the description is made only for a message
        ObjectRules.requireName(what, f.displayData());
        UUID key = ObjectRules.keyOrNew(f.filterKey());
        if (t.draft.filters.get(key) != null) {
            throw ObjectRules.alreadyExists(what, key);
        }
        Set<FilterFlag> flags = flags(f, what);
        Lifetime lifetime = ObjectRules.lifetimeOf(t, flags.contains(FilterFlag.PERSISTENT), what);
        UUID session = ObjectRules.sessionOf(t, lifetime);
        ObjectRules.referenceProvider(t, "filter", what, lifetime, f.providerKey());

        UUID subLayerKey = f.subLayerKey() != null ? f.subLayerKey() : f.layer().defaultSubLayerKey();
        Stored<SubLayer> subLayer = t.draft.subLayers.get(subLayerKey);
        if (subLayer == null) {
            throw new WfpException(ErrorCode.SUBLAYER_NOT_FOUND, what + ": subLayerKey " + subLayerKey
                    + " names no sublayer; add the sublayer first, or leave subLayerKey empty for the layer's default");
        }
        LifetimeRules.check("filter", what, lifetime, session, f.providerKey(), "subLayerKey", subLayer, false);

        FilterAction action = action(t, f, what, lifetime, session);
        if (flags.contains(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED) && action.type() != ActionType.CALLOUT_TERMINATING
                && action.type() != ActionType.CALLOUT_UNKNOWN) {
            throw new WfpException(ErrorCode.INVALID_FLAGS, what + ": PERMIT_IF_CALLOUT_UNREGISTERED needs action"
                    + " CALLOUT_TERMINATING or CALLOUT_UNKNOWN, not " + action.type() + "; drop the flag");
        }
        providerContext(t, f, flags, what, lifetime, session);

        long effective;
        try {
            ConditionValidator.validate(f.layer(), f.name(), f.conditions());
            effective = Weights.effectiveWeight(f.layer(), f.weight(), f.conditions());
        } catch (WfpException e) {
            throw ObjectRules.named(what.toString(), e);
        }

        Filter stored = new Filter(key, f.displayData(), flags, f.providerKey(), f.providerData(), f.layer(),
                subLayerKey, f.weight(), f.conditions(), action,
                flags.contains(FilterFlag.HAS_PROVIDER_CONTEXT) ? 0L : f.rawContext(), f.providerContextKey(),
                ids.nextFilterId(), effective);
        // last: a refusal must leave nothing behind, and the callout sees the filter exactly as it will be
        Registration notified = loading ? null : callouts.add(stored);
        if (!loading) {
            warnTie(t, stored, what);
        }
        Stored<Filter> s = new Stored<>(stored, lifetime, session, f.providerKey());
        t.draft.putFilter(s);
        t.changes.add(new Change(ObjectType.FILTER, ChangeType.ADD, key, stored.filterId(), s));
        if (notified != null) {
            t.notifiedAdds.add(new Transaction.NotifiedAdd(stored, notified));
        }
        return stored;
    }

    /** D19: the zero GUID as sublayer, provider or provider context key is "none" (the default, no provider). */
    private static Filter zeroKeysAbsent(Filter f) {
        UUID provider = ObjectRules.given(f.providerKey());
        UUID subLayer = ObjectRules.given(f.subLayerKey());
        UUID context = ObjectRules.given(f.providerContextKey());
        if (provider == f.providerKey() && subLayer == f.subLayerKey() && context == f.providerContextKey()) {
            return f;
        }
        return new Filter(f.filterKey(), f.displayData(), f.flags(), provider, f.providerData(), f.layer(), subLayer,
                f.weight(), f.conditions(), f.action(), f.rawContext(), context, f.filterId(), f.effectiveWeight());
    }

    private static Set<FilterFlag> flags(Filter f, Object what) {
        Set<FilterFlag> flags = f.flags().isEmpty() ? EnumSet.noneOf(FilterFlag.class) : EnumSet.copyOf(f.flags());
        flags.remove(FilterFlag.DISABLED);
        if (flags.contains(FilterFlag.BOOTTIME)) {
            if (flags.contains(FilterFlag.PERSISTENT)) {
                throw new WfpException(ErrorCode.INVALID_FLAGS,
                        what + ": BOOTTIME and PERSISTENT exclude each other; keep one of them");
            }
            throw new WfpException(ErrorCode.NOT_SUPPORTED, what
                    + ": BOOTTIME filters need a boot phase before the engine, which Weir does not have;"
                    + " use PERSISTENT to keep the filter across restarts");
        }
        if (f.providerContextKey() != null && !flags.contains(FilterFlag.HAS_PROVIDER_CONTEXT)) {
            throw new WfpException(ErrorCode.INVALID_FLAGS, what + ": providerContextKey is set but flags lack"
                    + " HAS_PROVIDER_CONTEXT; add the flag, or use a raw context instead");
        }
        return flags;
    }

    private static FilterAction action(Transaction t, Filter f, Object what, Lifetime lifetime, UUID session) {
        ActionType type = f.action().type();
        switch (type) {
            case PERMIT, BLOCK -> {
                return new FilterAction(type, null);
            }
            case CALLOUT_TERMINATING, CALLOUT_INSPECTION, CALLOUT_UNKNOWN -> {
                UUID calloutKey = f.action().calloutKey();
                if (calloutKey == null) {
                    throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                            what + ": action " + type + " has no calloutKey; name the callout to call");
                }
                Stored<CalloutObject> c = t.draft.callouts.get(calloutKey);
                if (c == null) {
                    throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND, what + ": action.calloutKey " + calloutKey
                            + " names no callout object; add the callout object first (D12)");
                }
                if (c.object().applicableLayer() != f.layer()) {
                    throw new WfpException(ErrorCode.ACTION_INCOMPATIBLE_WITH_LAYER, what + ": callout '"
                            + c.object().name() + "' applies to " + c.object().applicableLayer() + ", not to "
                            + f.layer() + "; use a callout made for " + f.layer() + " or move the filter");
                }
                LifetimeRules.check("filter", what, lifetime, session, f.providerKey(), "action.calloutKey", c,
                        false);
                return f.action();
            }
            default -> throw new WfpException(ErrorCode.INVALID_ACTION_TYPE, what + ": action " + type
                    + " is not a filter action; use PERMIT, BLOCK, CALLOUT_TERMINATING, CALLOUT_INSPECTION or"
                    + " CALLOUT_UNKNOWN");
        }
    }

    private static void providerContext(Transaction t, Filter f, Set<FilterFlag> flags, Object what,
            Lifetime lifetime, UUID session) {
        if (!flags.contains(FilterFlag.HAS_PROVIDER_CONTEXT)) {
            return;
        }
        UUID key = f.providerContextKey();
        Stored<ProviderContext> c = key == null ? null : t.draft.contexts.get(key);
        if (c == null) {
            throw new WfpException(ErrorCode.PROVIDER_CONTEXT_NOT_FOUND, what + ": flag HAS_PROVIDER_CONTEXT but "
                    + (key == null ? "no providerContextKey"
                            : "providerContextKey " + key + " names no provider context")
                    + "; add the provider context first and name it, or drop the flag");
        }
        LifetimeRules.check("filter", what, lifetime, session, f.providerKey(), "providerContextKey", c, false);
    }

    /** D4: equal effective weights in one sublayer are ordered by filterId, which the user should know. */
    private void warnTie(Transaction t, Filter f, Object what) {
        if (t.draft.ties(TieKey.of(f)) == 0) {
            return;
        }
        if (t.tieWarnings >= TIE_WARNINGS_PER_TXN) {
            t.tiesNotLogged++;
            return;
        }
        // only now look for the filter to name: at most ten scans per transaction
        for (Stored<Filter> other : t.draft.filtersOf(f.layer())) {
            Filter o = other.object();
            if (o.effectiveWeight() == f.effectiveWeight() && o.subLayerKey().equals(f.subLayerKey())) {
                t.tieWarnings++;
                log.warn("weir: " + what + " has effective weight 0x" + Long.toHexString(f.effectiveWeight())
                        + " like " + Describe.filter(o) + " (filterId " + o.filterId() + ") in sublayer "
                        + f.subLayerKey() + " at " + f.layer() + "; equal weights are evaluated by ascending"
                        + " filterId (D4), so the older one comes first; give them different weights to decide");
                return;
            }
        }
    }

    Filter delete(Transaction t, Stored<Filter> s) {
        Filter f = s.object();
        ObjectRules.checkDeleteRights(t, s, Describe.filter(f));
        t.draft.removeFilter(s);
        t.changes.add(new Change(ObjectType.FILTER, ChangeType.DELETE, f.filterKey(), f.filterId(), s));
        return f;
    }

    static WfpException notFound(Object keyOrId) {
        return new WfpException(ErrorCode.FILTER_NOT_FOUND,
                "filter " + keyOrId + " does not exist; list the filters to find its key or id");
    }
}
