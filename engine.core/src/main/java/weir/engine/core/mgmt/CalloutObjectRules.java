package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.ChangeType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.ObjectType;
import weir.engine.api.WfpException;
import weir.engine.core.callout.Registration;

/**
 * Adding and deleting callout objects ({@code FwpmCallout*}): the management record, linked to a run-time
 * registration only by its key. Its outputs {@code registered} and {@code calloutId} are read from the
 * callout table whenever the record is read, so they follow registrations without a transaction.
 */
final class CalloutObjectRules {
    private final CalloutNotifier callouts;

    CalloutObjectRules(CalloutNotifier callouts) {
        this.callouts = callouts;
    }

    CalloutObject add(Transaction t, CalloutObject given) {
        // D19: a zero key gets a fresh one (FwpmCalloutAdd0), a zero provider key is no provider
        CalloutObject c = new CalloutObject(ObjectRules.keyOrNew(given.calloutKey()), given.displayData(),
                given.persistent(), given.usesProviderContext(), ObjectRules.given(given.providerKey()),
                given.applicableLayer(), given.registered(), given.calloutId());
        UUID key = c.calloutKey();
        String what = Describe.callout(c);
        ObjectRules.requireName(what, c.displayData());
        if (t.draft.callouts.get(key) != null) {
            throw ObjectRules.alreadyExists(what, key);
        }
        Lifetime lifetime = ObjectRules.lifetimeOf(t, c.persistent(), what);
        ObjectRules.referenceProvider(t, "callout", what, lifetime, c.providerKey());
        CalloutObject q = c.withRuntime(false, callouts.idOf(key));
        Stored<CalloutObject> s = new Stored<>(q, lifetime, ObjectRules.sessionOf(t, lifetime), q.providerKey());
        t.draft.callouts.put(key, s);
        CalloutObject shown = view(q);
        t.changes.add(new Change(ObjectType.CALLOUT, ChangeType.ADD, key, shown.calloutId(), s));
        return shown;
    }

    void delete(Transaction t, UUID key) {
        Stored<CalloutObject> s = t.draft.callouts.get(key);
        if (s == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                    "callout " + key + " does not exist; list the callouts to find its key");
        }
        String what = Describe.callout(s.object());
        ObjectRules.checkDeleteRights(t, s, what);
        int count = 0;
        Filter first = null;
        for (Stored<Filter> f : t.draft.filters.values()) {
            if (key.equals(f.object().action().calloutKey())) {
                count++;
                first = first == null || f.object().filterId() < first.filterId() ? f.object() : first;
            }
        }
        if (count > 0) {
            throw ObjectRules.inUse(what, count, first);
        }
        t.draft.callouts.remove(key);
        t.changes.add(new Change(ObjectType.CALLOUT, ChangeType.DELETE, key, view(s.object()).calloutId(), s));
    }

    /**
     * The record as a reader sees it: FWPM_CALLOUT_FLAG_REGISTERED and the registration's calloutId while a
     * callout is registered under the key; otherwise the same calloutId, which the callout table keeps per key
     * for the engine's life, with {@code registered} false.
     */
    CalloutObject view(CalloutObject stored) {
        Registration r = callouts.registration(stored.calloutKey());
        return r == null ? stored : stored.withRuntime(true, r.calloutId());
    }
}
