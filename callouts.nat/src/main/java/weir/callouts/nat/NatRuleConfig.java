package weir.callouts.nat;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One NAT rule as a factory configuration ({@code weir.nat.rule}): the same five settings as
 * {@code nat:add TYPE INSIDE OUTSIDE --protocol P --ports R}. Example {@code etc/weir.nat.rule-web.cfg}:
 * {@code type=forward}, {@code inside=10.0.0.5:80}, {@code outside=192.0.2.1:8080}, {@code protocol=tcp}.
 */
@ObjectClassDefinition(id = ConfiguredRule.PID, name = "Weir NAT rule",
        description = "A static NAT, port forwarding or source NAT rule of the weir nat callout")
public @interface NatRuleConfig {

    @AttributeDefinition(name = "Type", description = "static: 1:1 addresses; forward: OUTSIDE:PORT to "
            + "INSIDE:PORT; snat: INSIDE sources leave as OUTSIDE with allocated ports",
            options = {@Option(label = "static", value = "static"), @Option(label = "forward", value = "forward"),
                    @Option(label = "snat", value = "snat")})
    String type() default "static";

    @AttributeDefinition(name = "Inside", description = "Inside address or prefix (static, snat: 10.0.0.5, "
            + "10.0.0.0/24); address and port for forward (10.0.0.5:80; the port defaults to the outside one)")
    String inside() default "";

    @AttributeDefinition(name = "Outside", description = "Outside address or prefix of the same length (static), "
            + "address:port (forward, 192.0.2.1:8080), or one address (snat)")
    String outside() default "";

    @AttributeDefinition(name = "Protocol", description = "tcp or udp for forward (default tcp); tcp, udp, icmp, "
            + "a comma list or all for snat (default all); static maps every protocol (leave empty)",
            required = false)
    String protocol() default "";

    @AttributeDefinition(name = "Ports", description = "snat only: the outside port range LOW-HIGH to allocate "
            + "from (default 1024-65535)", required = false)
    String ports() default "";
}
