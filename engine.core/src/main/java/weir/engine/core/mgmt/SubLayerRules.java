package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.ChangeType;
import weir.engine.api.DisplayData;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.ObjectType;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;

/** Adding and deleting sublayers ({@code FwpmSubLayer*}); the built-in universal sublayer. */
final class SubLayerRules {
    /**
     * FWPM_SUBLAYER_UNIVERSAL's weight. WFP does not document it; Weir chooses 0x8000, the middle of the UINT16
     * range, so that a provider can place its sublayers both above it (like WinDivert's 0xFFFF) and below it
     * (like the MS inspect sample's 0, which wfp-layer-requirements asks of transport and ALE callouts).
     */
    static final int UNIVERSAL_WEIGHT = 0x8000;

    private final EngineLog log;

    SubLayerRules(EngineLog log) {
        this.log = log;
    }

    static Stored<SubLayer> universal() {
        SubLayer s = new SubLayer(Layer.SUBLAYER_UNIVERSAL, new DisplayData("FWPM_SUBLAYER_UNIVERSAL",
                "built in: every layer's default sublayer, where filters without a sublayer key go"), false, null,
                null, UNIVERSAL_WEIGHT);
        return new Stored<>(s, Lifetime.BUILTIN, null, null);
    }

    SubLayer add(Transaction t, SubLayer s, boolean warnTies) {
        UUID key = ObjectRules.keyOrNew(s.subLayerKey());
        SubLayer q = new SubLayer(key, s.displayData(), s.persistent(), ObjectRules.given(s.providerKey()),
                s.providerData(), s.weight());
        String what = Describe.subLayer(q);
        if (key.equals(Layer.SUBLAYER_UNIVERSAL)) {
            throw new WfpException(ErrorCode.BUILTIN_OBJECT, what + ": key " + key
                    + " is FWPM_SUBLAYER_UNIVERSAL, which is built in; use another key (or none)");
        }
        ObjectRules.requireName(what, q.displayData());
        if (t.draft.subLayers.get(key) != null) {
            throw ObjectRules.alreadyExists(what, key);
        }
        if (q.weight() < 0 || q.weight() > 0xFFFF) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, what + ": weight " + q.weight()
                    + " is not a UINT16; use 0..65535 (higher is evaluated first)");
        }
        Lifetime lifetime = ObjectRules.lifetimeOf(t, q.persistent(), what);
        ObjectRules.referenceProvider(t, "sublayer", what, lifetime, q.providerKey());
        if (warnTies) {
            warnTie(t, q, what);
        }
        Stored<SubLayer> stored = new Stored<>(q, lifetime, ObjectRules.sessionOf(t, lifetime), q.providerKey());
        t.draft.subLayers.put(key, stored);
        t.changes.add(new Change(ObjectType.SUBLAYER, ChangeType.ADD, key, 0, stored));
        return q;
    }

    /** D4: equal sublayer weights are legal but their order is Weir's choice, so the user hears about it. */
    private void warnTie(Transaction t, SubLayer q, String what) {
        for (Stored<SubLayer> other : t.draft.subLayers.values()) {
            SubLayer o = other.object();
            if (o.weight() == q.weight()) {
                SubLayer firstOne = EvaluationOrder.SUBLAYERS.compare(o, q) < 0 ? o : q;
                log.warn("weir: " + what + " has weight " + q.weight() + " like " + Describe.subLayer(o)
                        + "; equal sublayer weights are evaluated by ascending key (D4), so "
                        + Describe.subLayer(firstOne) + " comes first; give them different weights to decide");
                return;
            }
        }
    }

    void delete(Transaction t, UUID key) {
        Stored<SubLayer> s = t.draft.subLayers.get(key);
        if (s == null) {
            throw new WfpException(ErrorCode.SUBLAYER_NOT_FOUND,
                    "sublayer " + key + " does not exist; list the sublayers to find its key");
        }
        String what = Describe.subLayer(s.object());
        ObjectRules.checkBuiltin(s, what);
        ObjectRules.checkDeleteRights(t, s, what);
        int count = 0;
        Filter first = null;
        for (Stored<Filter> f : t.draft.filters.values()) {
            if (key.equals(f.object().subLayerKey())) {
                count++;
                first = first == null || f.object().filterId() < first.filterId() ? f.object() : first;
            }
        }
        if (count > 0) {
            throw ObjectRules.inUse(what, count, first);
        }
        t.draft.subLayers.remove(key);
        t.changes.add(new Change(ObjectType.SUBLAYER, ChangeType.DELETE, key, 0, s));
    }
}
