package weir.callouts.logging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

/**
 * What the flow log's callouts share: each flow's record (its flow context), the callout ids it is associated
 * under, and the writer. A record is associated with its flow for both transport callouts of its IP version, so
 * that each of them is handed it with every packet; it is written when the last association ends (flowDelete),
 * with the flow's ALE decision and the reason it ended. Configured by ConfigAdmin ({@link FlowLogConfig}); a
 * change goes to the writer, the flows go on.
 */
@Component(service = FlowLog.class, configurationPid = FlowLog.PID)
@Designate(ocd = FlowLogConfig.class)
public final class FlowLog {
    static final String PID = "weir.callouts.logging";

    private final FlowContexts flows;
    private final Logger logger;
    private final Path data;
    private final AtomicIntegerArray calloutIds = new AtomicIntegerArray(Layer.values().length);
    private final Set<FlowRecord> live = ConcurrentHashMap.newKeySet();
    private final RecordWriter writer;

    @Activate
    public FlowLog(BundleContext context, FlowLogConfig config, @Reference FlowContexts flows,
            @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL) Logger logger) {
        this(dataFolder(context.getProperty("weir.data")), config, flows, logger);
    }

    /**
     * Outside a framework (tests, benchmarks): {@code data} stands for the framework property {@code weir.data};
     * {@code logger} may be null. {@link #deactivate} ends it.
     */
    public FlowLog(Path data, FlowLogConfig config, FlowContexts flows, Logger logger) {
        this.flows = flows;
        this.logger = logger;
        this.data = data;
        this.writer = new RecordWriter(Settings.of(config, data), this::summarize, this::warn);
        writer.start();
    }

    /** Weir's data folder: the launcher's --data, default weir-data (relative to the working directory). */
    static Path dataFolder(String property) {
        return Path.of(property == null || property.isBlank() ? "weir-data" : property).toAbsolutePath();
    }

    @Modified
    void modified(FlowLogConfig config) {
        writer.configure(Settings.of(config, data));
    }

    /** The callouts are gone (they depend on this component): whatever is still live is written, then the file closed. */
    @Deactivate
    public void deactivate() {
        for (FlowRecord r : live) {
            if (r.forceEnd()) {
                r.reason = FlowEndReason.CALLOUT_REMOVED;
                finish(r);
            }
        }
        writer.close(10_000);
    }

    /** A callout of the log registered (its calloutId, to associate records with). */
    void registered(Layer layer, int calloutId) {
        calloutIds.set(layer.ordinal(), calloutId);
    }

    /**
     * The record of the packet's flow, started (and associated) when this is the flow's first packet to reach
     * the log; null for a packet without a flow. One allocation per flow, none per packet.
     *
     * @param outbound the flow's direction as far as this packet tells
     */
    FlowRecord flow(IncomingValues values, Metadata metadata, boolean outbound) {
        long handle = metadata.flowHandle();
        boolean v6 = values.layer().ipVersion() == IpVersion.V6;
        Layer home = v6 ? Layer.INBOUND_TRANSPORT_V6 : Layer.INBOUND_TRANSPORT_V4;
        int homeId = calloutIds.get(home.ordinal());
        if (handle == 0 || homeId == 0) {
            return null; // no flow, or the log's callouts are still being registered
        }
        Object known = flows.context(handle, home, homeId);
        if (known instanceof FlowRecord r) {
            return r;
        }
        FlowRecord r = FlowRecord.of(handle, values, outbound, time(metadata));
        live.add(r);
        r.associated();
        try {
            flows.associate(handle, home, homeId, r);
        } catch (WfpException e) {
            // another packet thread started the flow's record first (OBJECT_NAME_EXISTS), or the flow has ended
            live.remove(r);
            Object won = flows.context(handle, home, homeId);
            return won instanceof FlowRecord w ? w : null;
        }
        Layer other = v6 ? Layer.OUTBOUND_TRANSPORT_V6 : Layer.OUTBOUND_TRANSPORT_V4;
        int otherId = calloutIds.get(other.ordinal());
        if (otherId != 0) {
            r.associated();
            try {
                flows.associate(handle, other, otherId, r);
            } catch (WfpException e) {
                if (r.release()) {
                    finish(r); // the flow ended meanwhile, and its flowDelete did not find this association
                }
            }
        }
        return r;
    }

    /** A packet record, when they are on. Packet path: no lock, no allocation. */
    void packet(FlowRecord flow, Layer layer, long time, int bytes, int tcpFlags) {
        if (writer.settings().packetRecords()) {
            writer.offerPacket(flow, layer, time, bytes, tcpFlags);
        }
    }

    /** One association of the record ended (flowDelete); the last one writes it. */
    void ended(FlowRecord r, FlowEndReason reason) {
        r.reason = reason;
        if (r.release()) {
            finish(r);
        }
    }

    private void finish(FlowRecord r) {
        r.ale = flows.aleDecision(r.handle);
        live.remove(r);
        writer.offer(r);
    }

    /** The packet's capture time, or the clock's when the shim gave none (a what-if classification). */
    static long time(Metadata metadata) {
        long t = metadata.timestampNanos();
        return t != 0 ? t : System.currentTimeMillis() * 1_000_000L;
    }

    /** Flows being logged now, for {@code logging:flows}. */
    List<FlowRecord> live() {
        return new ArrayList<>(live);
    }

    RecordWriter writer() {
        return writer;
    }

    /** The writer wrote a flow's record: its summary goes to the OSGi log at the configured level. */
    private void summarize(FlowRecord r) {
        SummaryLevel level = writer.settings().summaryLevel();
        if (logger == null || level == SummaryLevel.OFF) {
            return;
        }
        switch (level) {
            case AUDIT -> logger.audit(summary(r));
            case ERROR -> logger.error(summary(r));
            case WARN -> logger.warn(summary(r));
            case INFO -> {
                if (logger.isInfoEnabled()) {
                    logger.info(summary(r));
                }
            }
            case DEBUG -> {
                if (logger.isDebugEnabled()) {
                    logger.debug(summary(r));
                }
            }
            default -> {
                if (logger.isTraceEnabled()) {
                    logger.trace(summary(r));
                }
            }
        }
    }

    /** {@code flow 4294967297 TCP 10.0.0.2:40000 -> 192.0.2.10:80 outbound, 6/5 packets, ...}. */
    static String summary(FlowRecord r) {
        boolean out = r.outbound;
        String local = EveJson.local(r) + (r.localPort >= 0 ? ":" + r.localPort : "");
        String remote = EveJson.remote(r) + (r.remotePort >= 0 ? ":" + r.remotePort : "");
        return "flow " + r.handle + " " + EveJson.proto(r.protocol) + " " + (out ? local + " -> " + remote
                : remote + " -> " + local) + " " + (out ? "outbound" : "inbound") + ", "
                + (out ? r.packetsOut() : r.packetsIn()) + "/" + (out ? r.packetsIn() : r.packetsOut())
                + " packets, " + (out ? r.bytesOut() : r.bytesIn()) + "/" + (out ? r.bytesIn() : r.bytesOut())
                + " bytes to server/client, " + String.format("%.3f", (r.last() - r.first()) / 1e9) + " s, ended "
                + (r.reason == null ? "unknown" : r.reason.name().toLowerCase())
                + (r.ale == null ? "" : ", ALE " + r.ale.action() + " by filter " + r.ale.filterId());
    }

    private void warn(String line) {
        if (logger != null) {
            logger.warn(line);
        } else {
            System.getLogger(PID).log(System.Logger.Level.WARNING, line);
        }
    }
}
