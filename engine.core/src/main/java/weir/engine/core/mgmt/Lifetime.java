package weir.engine.core.mgmt;

/**
 * The four lifetimes of WFP's object-management page. An object may only reference objects that live at
 * least as long (LIFETIME_MISMATCH otherwise); built-in objects outlive everything.
 */
enum Lifetime {
    /** Added through a dynamic session; deleted when that session closes. */
    DYNAMIC,
    /** The default: lives until deleted or until the engine stops. */
    STATIC,
    /** FWPM_*_FLAG_PERSISTENT: written to the engine store, restored at start. */
    PERSISTENT,
    /** Predefined by the engine; cannot be added or deleted. */
    BUILTIN;

    String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
