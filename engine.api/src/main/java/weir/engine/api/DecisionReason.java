package weir.engine.api;

/** Why a classification ended as it did (Weir's addition, so tools can tell a default from a decision). */
public enum DecisionReason {
    /** No filter decided; the layer's default action applied (D2). */
    NO_MATCH,
    /** A PERMIT or BLOCK filter decided. */
    STATIC_FILTER,
    /** A callout's result decided. */
    CALLOUT,
    /** A filter's callout was not registered (or quarantined); its implicit action decided (rule 11, D9). */
    CALLOUT_UNREGISTERED,
    /** A filter's callout threw or returned nothing usable; the unregistered rule decided (D13). */
    CALLOUT_FAILED
}
