package weir.engine.core.mgmt;

import java.util.Objects;
import java.util.UUID;

import weir.engine.api.ErrorCode;
import weir.engine.api.WfpException;

/**
 * WFP's rule that objects may only reference objects that live at least as long (object-management page,
 * "Object Associations"): a dynamic object may not reference a dynamic object of another session; a static
 * object may not reference a dynamic one; a persistent object may not reference a dynamic or static object,
 * nor a persistent object owned by a different provider. Built-in objects may be referenced by anything.
 */
final class LifetimeRules {
    private LifetimeRules() {
    }

    /**
     * @param kind the kind of object being added, e.g. "filter"
     * @param referrer the object being added (already described, e.g. "filter 'ssh'")
     * @param lifetime its lifetime
     * @param session its dynamic session, or null
     * @param provider its owning provider, or null
     * @param field the field that holds the reference, e.g. "subLayerKey"
     * @param referee the referenced object
     * @param isProviderField true when the reference is the owning provider itself (the provider is not
     *        "owned by" a provider, so the other-provider rule does not apply to it)
     */
    static void check(String kind, Object referrer, Lifetime lifetime, UUID session, UUID provider, String field,
            Stored<?> referee, boolean isProviderField) {
        Lifetime other = referee.lifetime();
        if (other == Lifetime.BUILTIN) {
            return;
        }
        switch (lifetime) {
            case DYNAMIC -> {
                if (other == Lifetime.DYNAMIC && !Objects.equals(session, referee.session())) {
                    throw mismatch(kind, referrer, field, referee, "dynamic in another session", "dynamic",
                            "a dynamic object may reference only its own session's dynamic objects and static or"
                                    + " persistent ones");
                }
            }
            case STATIC -> {
                if (other == Lifetime.DYNAMIC) {
                    throw mismatch(kind, referrer, field, referee, "dynamic", "static",
                            "add it outside a dynamic session, or add this object in that dynamic session");
                }
            }
            case PERSISTENT -> {
                if (other != Lifetime.PERSISTENT) {
                    throw mismatch(kind, referrer, field, referee, other.text(), "persistent",
                            "make the referenced object persistent too");
                }
                if (!isProviderField && referee.provider() != null && !referee.provider().equals(provider)) {
                    throw mismatch(kind, referrer, field, referee,
                            "persistent and owned by provider " + referee.provider(),
                            "persistent " + (provider == null ? "without a provider" : "of provider " + provider),
                            "a persistent object may reference only persistent objects of its own provider");
                }
            }
            default -> throw new IllegalStateException("built-in objects are not added: " + referrer);
        }
    }

    /** The referee is described only here: the usual add references fine objects and builds no message. */
    private static WfpException mismatch(String kind, Object referrer, String field, Stored<?> referee,
            String theirs, String ours, String fix) {
        String what = Describe.of(referee.object());
        return new WfpException(ErrorCode.LIFETIME_MISMATCH, referrer + ": " + field + " names " + what
                + ", which is " + theirs + ", but the " + kind + " is " + ours + "; " + fix);
    }
}
