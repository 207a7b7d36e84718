package weir.engine.api;

/** What the runtime view says about a callout key (as the OSGi whiteboards report their entries). */
public enum CalloutState {
    /** Registered, with a callout object: filters naming it call it. */
    ACTIVE,
    /** A whiteboard service with the same key and a lower service.ranking: waiting behind the active one. */
    SHADOWED,
    /** Registered but failed too often in a row (D13): treated as unregistered until reset or re-registered. */
    QUARANTINED,
    /** Registered, but no callout object (FWPM_CALLOUT) names its key: no filter can reference it yet. */
    REGISTERED_WITHOUT_OBJECT,
    /** A callout object exists but nothing is registered: its filters follow the unregistered rules. */
    OBJECT_WITHOUT_REGISTRATION,
    /**
     * A whiteboard {@code Callout} service the engine cannot use: no or malformed {@code callout.key}, wired
     * to another {@code weir.engine.api} than the engine's, not obtainable, or its {@code registered} threw.
     * The reason says which and what to fix.
     */
    INVALID
}
