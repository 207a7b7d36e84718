package weir.callouts.nat;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The NAT callouts' settings ({@code weir.nat}, e.g. {@code etc/weir.nat.cfg}); rules are separate factory
 * configurations ({@code weir.nat.rule}). Changing a setting restarts the callouts: their mappings end.
 */
@ObjectClassDefinition(id = NatCore.PID, name = "Weir NAT", description = "Settings of the weir nat callouts")
public @interface NatConfig {

    @AttributeDefinition(name = "Hold time", description = "Seconds of capture time a mapping, and its source NAT "
            + "port, stay reserved after the last flow using it ended, so that late packets are still translated "
            + "and the port is not given to another flow at once (TIME_WAIT's job). 0 frees at once.", min = "0")
    int holdSeconds() default 30;

    @AttributeDefinition(name = "Maximum mappings", description = "Bound of the mapping table (60 bytes per "
            + "mapping at full size; it grows on demand). A flow's first packet beyond it is blocked and counted.",
            min = "1", max = "4194302")
    int maxMappings() default 1_000_000;
}
