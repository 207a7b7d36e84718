package com.example.weir.callout;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The callout's configuration (PID {@code com.example.weir.callout}), with a form for free via metatype. */
@ObjectClassDefinition(id = PortBlocker.PID, name = "Example port blocker",
        description = "A terminating callout that blocks one port")
public @interface PortBlockerConfig {
    @AttributeDefinition(name = "Port", min = "0", max = "65535",
            description = "Packets with this local or remote port are blocked; all others are permitted")
    int port() default 23;
}
