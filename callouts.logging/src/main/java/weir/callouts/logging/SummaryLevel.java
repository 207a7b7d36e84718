package weir.callouts.logging;

/** The OSGi log levels a flow summary can be logged at (the Log Service's LogLevel), and OFF. */
public enum SummaryLevel {
    OFF,
    AUDIT,
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
}
