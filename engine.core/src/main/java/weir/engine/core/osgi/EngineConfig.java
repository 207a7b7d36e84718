package weir.engine.core.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The engine options as a ConfigAdmin configuration (PID {@code weir.engine}): FwpmEngineSetOption0's
 * switches and Weir's answers to WFP's open points. A session's {@code setEngineOptions} changes the same
 * options at run time; the configuration applies again when it changes.
 */
@ObjectClassDefinition(id = EngineComponent.PID, name = "Weir filter engine",
        description = "Engine-wide options: net event collection, arbitration switches (D1, D2) and callout"
                + " quarantine (D13: failures and calls over the time budget in a row)")
public @interface EngineConfig {

    @AttributeDefinition(name = "Collect net events",
            description = "FWPM_ENGINE_COLLECT_NET_EVENTS: record a CLASSIFY_DROP event for every block")
    boolean collectNetEvents() default true;

    @AttributeDefinition(name = "Collect CLASSIFY_ALLOW",
            description = "Also record CLASSIFY_ALLOW events (keyword FWPM_NET_EVENT_KEYWORD_CLASSIFY_ALLOW)")
    boolean collectClassifyAllow() default false;

    @AttributeDefinition(name = "Net event capacity", min = "1",
            description = "Size of the net event ring; the oldest events are overwritten")
    int netEventCapacity() default 4096;

    @AttributeDefinition(name = "Stop after a hard block",
            description = "D1: stop evaluating lower sublayers after a hard BLOCK (by default every sublayer is"
                    + " evaluated, so lower callouts still see the traffic)")
    boolean stopAfterHardBlock() default false;

    @AttributeDefinition(name = "Default action",
            description = "D2: the action at every layer when no filter decides",
            options = {@Option(label = "PERMIT", value = "PERMIT"), @Option(label = "BLOCK", value = "BLOCK")})
    String defaultAction() default "PERMIT";

    @AttributeDefinition(name = "Per-layer default actions", required = false,
            description = "D2 per layer, overriding the default action: LAYER=ACTION entries such as"
                    + " INBOUND_TRANSPORT_V4=BLOCK")
    String[] layerDefaultActions() default {};

    @AttributeDefinition(name = "Callout quarantine threshold", min = "1",
            description = "D13: consecutive callout failures after which the callout is treated as unregistered"
                    + " until it is reset or registered again")
    int calloutQuarantineThreshold() default 5;

    @AttributeDefinition(name = "Callout time budget (ms)", min = "0",
            description = "D13: how long one classify call of a callout may take; a callout over it"
                    + " calloutSlowCallThreshold times in a row is quarantined. 0: no budget (calls are still"
                    + " measured)")
    int calloutBudgetMillis() default 100;

    @AttributeDefinition(name = "Callout slow-call threshold", min = "1",
            description = "D13: consecutive classify calls over the time budget after which the callout is"
                    + " treated as unregistered until it is reset or registered again")
    int calloutSlowCallThreshold() default 3;
}
