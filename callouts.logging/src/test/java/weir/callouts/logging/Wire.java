package weir.callouts.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.Callout;
import weir.engine.api.Direction;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.testing.TestClassifyOut;
import weir.engine.testing.TestFlowContexts;
import weir.engine.testing.TestMetadata;
import weir.engine.testing.TestPacket;
import weir.engine.testing.TestValues;

/**
 * The flow log's six callouts on the test kit's flow table, and packets handed to them as the shim hands them:
 * a packet from a local address (10.0.0.2, 2001:db8::2) to the outbound transport callout, any other to the
 * inbound one, with the values, metadata and frame a shim would give.
 */
final class Wire implements AutoCloseable {
    static final Set<String> LOCAL = Set.of("10.0.0.2", "2001:db8::2");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final TestFlowContexts flows = new TestFlowContexts();
    final FlowLog log;
    final Path file;
    final Map<Layer, Integer> ids = new EnumMap<>(Layer.class);
    final Map<Layer, Callout> callouts = new EnumMap<>(Layer.class);

    Wire(Path data, Config config) {
        log = new FlowLog(data, config, flows, null);
        file = data.resolve(config.file.isEmpty() ? "logs/flows.jsonl" : config.file);
        add(new FlowLogCallouts.InboundV4(log), Layer.INBOUND_TRANSPORT_V4);
        add(new FlowLogCallouts.InboundV6(log), Layer.INBOUND_TRANSPORT_V6);
        add(new FlowLogCallouts.OutboundV4(log), Layer.OUTBOUND_TRANSPORT_V4);
        add(new FlowLogCallouts.OutboundV6(log), Layer.OUTBOUND_TRANSPORT_V6);
        add(new FlowLogCallouts.EstablishedV4(log), Layer.ALE_FLOW_ESTABLISHED_V4);
        add(new FlowLogCallouts.EstablishedV6(log), Layer.ALE_FLOW_ESTABLISHED_V6);
    }

    private void add(Callout c, Layer layer) {
        callouts.put(layer, c);
        ids.put(layer, flows.register(c));
    }

    static Filter inspection(Layer layer) {
        return Filter.of("flow log", layer, FilterAction.calloutInspection(UUID.fromString(FlowLogKeys.TABLE
                .get(layer.name()))));
    }

    /** One packet at its transport layer; returns what the callout left in the classify-out. */
    TestClassifyOut send(long flow, Pkt p, Instant t) {
        boolean out = LOCAL.contains(p.src());
        boolean v6 = p.src().contains(":");
        Layer layer = out ? (v6 ? Layer.OUTBOUND_TRANSPORT_V6 : Layer.OUTBOUND_TRANSPORT_V4)
                : (v6 ? Layer.INBOUND_TRANSPORT_V6 : Layer.INBOUND_TRANSPORT_V4);
        TestClassifyOut o = TestClassifyOut.writable();
        flows.classify(ids.get(layer), p.values(layer, out), TestMetadata.of().flow(flow)
                .direction(out ? Direction.OUTBOUND : Direction.INBOUND).time(t), p.packet(), inspection(layer), o);
        return o;
    }

    /** ALE_FLOW_ESTABLISHED for the flow of {@code p}, started by this host when {@code outbound}. */
    void established(long flow, Pkt p, boolean outbound, Instant t) {
        boolean localIsSource = LOCAL.contains(p.src());
        Layer layer = p.src().contains(":") ? Layer.ALE_FLOW_ESTABLISHED_V6 : Layer.ALE_FLOW_ESTABLISHED_V4;
        TestValues v = p.values(layer, localIsSource).direction(outbound ? Direction.OUTBOUND : Direction.INBOUND);
        flows.classify(ids.get(layer), v, TestMetadata.of().flow(flow).time(t), p.packet(), inspection(layer),
                TestClassifyOut.writable());
    }

    /** The flow log's lines once the writer has written at least {@code n} of them (waits up to 30 s). */
    List<String> lines(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> l = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            l = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (l.size() >= n && log.writer().queued() == 0) {
                return l;
            }
            Thread.sleep(10);
        }
        return l;
    }

    @Override
    public void close() {
        log.deactivate();
    }

    /** A packet by its fields; {@code flags} are TCP's, or for ICMP echo: 1 request, 0 reply. */
    record Pkt(String proto, String src, int srcPort, String dst, int dstPort, int flags, String payload) {
        static Pkt tcp(String src, int sp, String dst, int dp, int flags, String payload) {
            return new Pkt("tcp", src, sp, dst, dp, flags, payload);
        }

        static Pkt udp(String src, int sp, String dst, int dp, String payload) {
            return new Pkt("udp", src, sp, dst, dp, 0, payload);
        }

        static Pkt echo(String src, String dst, boolean request, int id) {
            return new Pkt("icmp", src, id, dst, 0, request ? 1 : 0, "");
        }

        TestPacket packet() {
            return switch (proto) {
                case "tcp" -> TestPacket.tcp(src, srcPort, dst, dstPort, flags, payload);
                case "udp" -> TestPacket.udp(src, srcPort, dst, dstPort, payload);
                default -> TestPacket.echo(src, dst, flags == 1, srcPort, 1);
            };
        }

        /** ICMP: the type in the local port slot and the code (0) in the remote one, as WFP has them. */
        int icmpType() {
            boolean v6 = src.contains(":");
            return flags == 1 ? (v6 ? 128 : 8) : (v6 ? 129 : 0);
        }

        TestValues values(Layer layer, boolean localIsSource) {
            String local = localIsSource ? src : dst;
            String remote = localIsSource ? dst : src;
            TestValues v = TestValues.at(layer);
            if (proto.equals("icmp")) {
                return v.icmp().local(local, icmpType()).remote(remote, 0);
            }
            (proto.equals("tcp") ? v.tcp() : v.udp()).local(local, localIsSource ? srcPort : dstPort)
                    .remote(remote, localIsSource ? dstPort : srcPort);
            return v;
        }

        int length() {
            return packet().length();
        }
    }
}
