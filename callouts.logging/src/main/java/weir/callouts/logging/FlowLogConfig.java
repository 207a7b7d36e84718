package weir.callouts.logging;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The flow log's settings, configuration PID {@code weir.callouts.logging} (in weir.jar:
 * {@code etc/weir.callouts.logging.cfg}). A change applies at once, without ending any flow.
 */
@ObjectClassDefinition(name = "Weir flow log", description = "One EVE JSON flow record per flow, written when it "
        + "ends, by the weir.callouts.logging callouts.")
public @interface FlowLogConfig {
    @AttributeDefinition(name = "File", description = "The flow log. Empty: <data>/logs/flows.jsonl (the data "
            + "folder is weir.jar's --data, default weir-data). A relative path is relative to the data folder.")
    String file() default "";

    @AttributeDefinition(name = "Rotation size (MiB)", description = "A file that would grow past this size is "
            + "renamed FILE.1 (FILE.1 to FILE.2, ...) and a new one begun. 0: never rotate.", min = "0")
    int rotationSizeMb() default 100;

    @AttributeDefinition(name = "Rotated files kept", description = "FILE.1 to FILE.N are kept, older ones "
            + "deleted. 0: a full file is deleted and begun afresh.", min = "0")
    int rotationCount() default 5;

    @AttributeDefinition(name = "Per-packet records", description = "Also write one record per packet of a "
            + "logged flow (event_type packet). Off by default: one line per packet is a lot.")
    boolean packetRecords() default false;

    @AttributeDefinition(name = "Summary log level", description = "The OSGi log level at which a one-line "
            + "summary of each ended flow is also logged (the shell's 'log' command shows them when the OSGi "
            + "log's own level lets them through). OFF: none.")
    SummaryLevel summaryLogLevel() default SummaryLevel.DEBUG;

    @AttributeDefinition(name = "Queue size", description = "Flow records waiting for the writer at most; "
            + "beyond it they are dropped and counted (logging:status).", min = "1")
    int queueSize() default 16384;
}
