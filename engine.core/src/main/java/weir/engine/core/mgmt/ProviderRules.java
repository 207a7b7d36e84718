package weir.engine.core.mgmt;

import java.util.List;
import java.util.UUID;

import weir.engine.api.ChangeType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.ObjectType;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.WfpException;

/** Adding and deleting providers and provider contexts ({@code FwpmProvider*}, {@code FwpmProviderContext*}). */
final class ProviderRules {
    private final Ids ids;

    ProviderRules(Ids ids) {
        this.ids = ids;
    }

    Provider add(Transaction t, Provider p) {
        UUID key = ObjectRules.keyOrNew(p.providerKey());
        Provider q = new Provider(key, p.displayData(), p.persistent(), p.disabled(), p.providerData(),
                p.serviceName());
        String what = Describe.provider(q);
        ObjectRules.requireName(what, q.displayData());
        if (t.draft.providers.get(key) != null) {
            throw ObjectRules.alreadyExists(what, key);
        }
        Lifetime lifetime = ObjectRules.lifetimeOf(t, q.persistent(), what);
        Stored<Provider> s = new Stored<>(q, lifetime, ObjectRules.sessionOf(t, lifetime), null);
        t.draft.providers.put(key, s);
        t.changes.add(new Change(ObjectType.PROVIDER, ChangeType.ADD, key, 0, s));
        return q;
    }

    void delete(Transaction t, UUID key) {
        Stored<Provider> s = t.draft.providers.get(key);
        if (s == null) {
            throw new WfpException(ErrorCode.PROVIDER_NOT_FOUND,
                    "provider " + key + " does not exist; list the providers to find its key");
        }
        String what = Describe.provider(s.object());
        ObjectRules.checkDeleteRights(t, s, what);
        int count = 0;
        Object first = null;
        for (List<? extends Stored<?>> l : List.of(t.draft.contexts.values(), t.draft.subLayers.values(),
                t.draft.callouts.values(), t.draft.filters.values())) {
            for (Stored<?> r : l) {
                if (key.equals(r.provider())) {
                    count++;
                    first = first == null ? r.object() : first;
                }
            }
        }
        if (count > 0) {
            throw ObjectRules.inUse(what, count, first);
        }
        t.draft.providers.remove(key);
        t.changes.add(new Change(ObjectType.PROVIDER, ChangeType.DELETE, key, 0, s));
    }

    ProviderContext addContext(Transaction t, ProviderContext c) {
        UUID key = ObjectRules.keyOrNew(c.providerContextKey());
        ProviderContext q = new ProviderContext(key, c.displayData(), c.persistent(), ObjectRules.given(c.providerKey()),
                c.type(), c.data(), 0L);
        String what = Describe.context(q);
        ObjectRules.requireName(what, q.displayData());
        if (t.draft.contexts.get(key) != null) {
            throw ObjectRules.alreadyExists(what, key);
        }
        Lifetime lifetime = ObjectRules.lifetimeOf(t, q.persistent(), what);
        ObjectRules.referenceProvider(t, "provider context", what, lifetime, q.providerKey());
        q = q.withId(key, ids.nextProviderContextId());
        Stored<ProviderContext> s = new Stored<>(q, lifetime, ObjectRules.sessionOf(t, lifetime), q.providerKey());
        t.draft.contexts.put(key, s);
        t.changes.add(new Change(ObjectType.PROVIDER_CONTEXT, ChangeType.ADD, key, q.providerContextId(), s));
        return q;
    }

    void deleteContext(Transaction t, UUID key) {
        Stored<ProviderContext> s = t.draft.contexts.get(key);
        if (s == null) {
            throw new WfpException(ErrorCode.PROVIDER_CONTEXT_NOT_FOUND,
                    "provider context " + key + " does not exist; list the provider contexts to find its key");
        }
        String what = Describe.context(s.object());
        ObjectRules.checkDeleteRights(t, s, what);
        int count = 0;
        Filter first = null;
        for (Stored<Filter> f : t.draft.filters.values()) {
            if (key.equals(f.object().providerContextKey())) {
                count++;
                first = first == null || f.object().filterId() < first.filterId() ? f.object() : first;
            }
        }
        if (count > 0) {
            throw ObjectRules.inUse(what, count, first);
        }
        t.draft.contexts.remove(key);
        t.changes.add(new Change(ObjectType.PROVIDER_CONTEXT, ChangeType.DELETE, key,
                s.object().providerContextId(), s));
    }
}
