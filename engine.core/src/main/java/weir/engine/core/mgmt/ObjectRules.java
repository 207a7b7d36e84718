package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.DisplayData;
import weir.engine.api.ErrorCode;
import weir.engine.api.WfpException;

/**
 * Checks that every kind of add and delete shares: display names, lifetimes, the owning provider, the
 * rights of a dynamic session to delete, and IN_USE.
 */
final class ObjectRules {
    private ObjectRules() {
    }

    /**
     * A key as the add paths read it (D19): the zero GUID is WFP's "none", so it means "assign one" for an
     * object's own key, "the layer's default sublayer" for a filter's sublayer, "no provider" and "no provider
     * context"; null the same.
     */
    static UUID given(UUID key) {
        return key == null || key.getMostSignificantBits() == 0 && key.getLeastSignificantBits() == 0 ? null : key;
    }

    /** An object's own key on add (D19): the one given, or a fresh one for none or the zero GUID. */
    static UUID keyOrNew(UUID key) {
        UUID k = given(key);
        return k != null ? k : NewKeys.next();
    }

    /** FWPM_DISPLAY_DATA0.name is required (NULL_DISPLAY_NAME). */
    static void requireName(Object what, DisplayData d) {
        if (!Describe.hasName(d)) {
            throw new WfpException(ErrorCode.NULL_DISPLAY_NAME,
                    what + ": displayData.name is missing; give the object a name");
        }
    }

    /**
     * The lifetime of a new object. A dynamic session cannot add persistent objects: Weir rejects that with
     * DYNAMIC_SESSION_IN_PROGRESS instead of silently dropping the flag, since a dynamic object can never be
     * persistent.
     */
    static Lifetime lifetimeOf(Transaction t, boolean persistent, Object what) {
        if (persistent && t.session.dynamic()) {
            throw new WfpException(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, what
                    + ": a dynamic session cannot add persistent objects; add it from a non-dynamic session,"
                    + " or drop the persistent flag");
        }
        if (persistent) {
            return Lifetime.PERSISTENT;
        }
        return t.session.dynamic() ? Lifetime.DYNAMIC : Lifetime.STATIC;
    }

    /** The session key a new object of this lifetime belongs to (only dynamic objects belong to one). */
    static UUID sessionOf(Transaction t, Lifetime lifetime) {
        return lifetime == Lifetime.DYNAMIC ? t.session.sessionKey() : null;
    }

    /** An optional owning provider must exist and live at least as long. */
    static void referenceProvider(Transaction t, String kind, Object what, Lifetime lifetime, UUID providerKey) {
        if (providerKey == null) {
            return;
        }
        Stored<?> p = t.draft.providers.get(providerKey);
        if (p == null) {
            throw new WfpException(ErrorCode.PROVIDER_NOT_FOUND, what + ": providerKey " + providerKey
                    + " names no provider; add the provider first or leave providerKey empty");
        }
        LifetimeRules.check(kind, what, lifetime, sessionOf(t, lifetime), providerKey, "providerKey", p, true);
    }

    /**
     * From a dynamic session, only objects that this session added may be deleted (FwpmFilterDeleteByKey0
     * remarks): DYNAMIC_SESSION_IN_PROGRESS for objects not added in a dynamic session, WRONG_SESSION for those
     * of another dynamic session. Non-dynamic sessions may delete anything that is not built in.
     */
    static void checkDeleteRights(Transaction t, Stored<?> s, String what) {
        if (!t.session.dynamic()) {
            return;
        }
        if (s.lifetime() != Lifetime.DYNAMIC) {
            throw new WfpException(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, what + " is " + s.lifetime().text()
                    + "; a dynamic session may delete only objects it added: delete it from a non-dynamic session");
        }
        if (!t.session.sessionKey().equals(s.session())) {
            throw new WfpException(ErrorCode.WRONG_SESSION,
                    what + " belongs to another dynamic session; only that session can delete it");
        }
    }

    static void checkBuiltin(Stored<?> s, String what) {
        if (s.lifetime() == Lifetime.BUILTIN) {
            throw new WfpException(ErrorCode.BUILTIN_OBJECT, what + " is built in and cannot be deleted");
        }
    }

    static WfpException inUse(String what, int count, Object first) {
        return new WfpException(ErrorCode.IN_USE, what + " is referenced by " + count + " object"
                + (count == 1 ? "" : "s") + " (first: " + Describe.of(first) + "); delete "
                + (count == 1 ? "it" : "them") + " first");
    }

    /**
     * An error from a helper that does not know which object it checks (the weight rules, for instance), with
     * the object named in front, as every message of the management side does.
     */
    static WfpException named(String what, WfpException e) {
        String message = e.getMessage().substring(e.error().name().length() + 2);
        if (message.startsWith(what)) {
            return e;
        }
        return new WfpException(e.error(), what + ": " + message, e);
    }

    static WfpException alreadyExists(Object what, UUID key) {
        return new WfpException(ErrorCode.ALREADY_EXISTS,
                what + ": key " + key + " is taken; delete that object first or use another key (or none)");
    }
}
