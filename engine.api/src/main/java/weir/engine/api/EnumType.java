package weir.engine.api;

/** WFP's {@code FWP_FILTER_ENUM_TYPE}: how template conditions select filters. */
public enum EnumType {
    /** Filters whose conditions fully contain the template's (every packet the template matches, they match). */
    FULLY_CONTAINED,
    /** Filters whose conditions overlap the template's (some packet matches both). */
    OVERLAPPING
}
