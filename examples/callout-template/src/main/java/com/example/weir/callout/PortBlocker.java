package com.example.weir.callout;

import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;

/**
 * An example terminating callout: BLOCKs packets whose local or remote port is the configured one (23,
 * telnet, unless {@code etc/com.example.weir.callout.cfg} says {@code port=...}) and PERMITs the rest.
 *
 * <p>Everything that makes it a Weir callout is in the two annotations: {@code @Component(service =
 * Callout.class)} publishes it as an OSGi service, {@code @CalloutKey} gives the service the key that filters
 * name. Weir registers it when the bundle starts and unregisters it, after the packets in flight, when it stops.
 */
@Component(service = Callout.class, configurationPid = PortBlocker.PID,
        property = "callout.name=example port blocker")
@CalloutKey(PortBlocker.KEY)
@Designate(ocd = PortBlockerConfig.class)
public final class PortBlocker implements Callout {
    /** The callout key: filters name it in their action (make your own GUID for your callout). */
    public static final String KEY = "d3f1e8a2-5b7c-4e9d-8a1f-2c6b0e4d7a93";
    static final String PID = "com.example.weir.callout";

    /** Per layer (by ordinal): where the ports are in its incoming values, -1 where it has none. */
    private static final int[] LOCAL_PORT = new int[Layer.values().length];
    private static final int[] REMOTE_PORT = new int[Layer.values().length];

    static {
        for (Layer l : Layer.values()) {
            LOCAL_PORT[l.ordinal()] = l.indexOf(Field.IP_LOCAL_PORT);
            REMOTE_PORT[l.ordinal()] = l.indexOf(Field.IP_REMOTE_PORT);
        }
    }

    private volatile int port;

    @Activate
    public PortBlocker(PortBlockerConfig config) {
        this.port = config.port();
    }

    @Modified
    void modified(PortBlockerConfig config) {
        this.port = config.port();
    }

    /**
     * The packet path: runs concurrently on the shim's threads, must be quick, must not block, and allocates
     * nothing here. An exception would be caught and counted by the engine (and repeated ones quarantine the
     * callout), but a callout should not rely on that.
     */
    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        if (!out.hasWriteRight()) {
            return; // a higher filter decided hard: leave the action alone
        }
        int layer = values.layer().ordinal();
        if (matches(values, LOCAL_PORT[layer]) || matches(values, REMOTE_PORT[layer])) {
            out.setActionType(ActionType.BLOCK);
            out.clearWriteRight(); // a hard block: no lower sublayer can permit it again
        } else {
            out.setActionType(ActionType.PERMIT);
        }
    }

    private boolean matches(IncomingValues values, int index) {
        return index >= 0 && !values.isEmpty(index) && values.getLong(index) == port;
    }

    /** Refuses filters it could not honour: at layers without ports, or as CALLOUT_INSPECTION. */
    @Override
    public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        if (type != NotifyType.ADD_FILTER) {
            return true;
        }
        boolean hasPorts = LOCAL_PORT[filter.layer().ordinal()] >= 0;
        // an inspection callout's BLOCK would be turned into CONTINUE: it could never block anything
        return hasPorts && filter.action().type() != ActionType.CALLOUT_INSPECTION;
    }
}
