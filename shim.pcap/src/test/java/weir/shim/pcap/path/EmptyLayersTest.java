package weir.shim.pcap.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.shim.pcap.Frames;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.flow.FlowTracker;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * The path skips filling a packet's values at a layer that holds no filter (Classifier.classifyIfEmpty), and
 * nothing else changes: every layer the packet meets is still counted, a filter at a layer makes the layer
 * judge again at once, a layer's BLOCK default still blocks there, and the verdicts are those of a path that
 * fills every layer (a recording filter at every layer, so that none is empty).
 */
class EmptyLayersTest {
    private static final String HOST = "10.0.0.5";
    private static final String PEER = "198.51.100.7";

    private final RealEngine engine = new RealEngine();
    private final ShimCounters counters = new ShimCounters();
    private final List<Boolean> verdicts = new ArrayList<>();
    private PacketPath path;
    private PacketProcessor processor;
    private long clock = 1_767_225_600_000_000_000L;

    private void start() {
        FlowTracker flows = new FlowTracker(engine.flowContexts(), 1000, 7200, 60);
        ReauthWatch reauth = new ReauthWatch(engine.engine.open(SessionOptions.named("shim")));
        path = new PacketPath(engine.classifier(), flows, reauth, counters);
        processor = new PacketProcessor(path, counters, LocalAddresses.parse(HOST + "/32"), null,
                (pass, a, o, c, len, lt, ts, d, inj) -> verdicts.add(pass));
    }

    private boolean feed(byte[] frame) {
        clock += 1_000_000;
        processor.process(frame, 0, frame.length, frame.length, 1, clock, null, -1);
        return verdicts.get(verdicts.size() - 1);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void emptyLayersAreCountedAndAFilterThereJudgesAtOnce() {
        engine.add(Filter.of("no telnet in", Layer.INBOUND_TRANSPORT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23))));
        start();
        assertTrue(feed(Frames.udp4(PEER, HOST, 5000, 53, 10)));
        assertFalse(feed(Frames.udp4(PEER, HOST, 5001, 23, 10)));
        assertTrue(feed(Frames.udp4(PEER, HOST, 5000, 53, 10)));
        // empty layers (IP packet, datagram, ALE) counted as the full path counts them, in the engine too
        assertEquals(3, counters.classifies(Layer.INBOUND_IPPACKET_V4));
        assertEquals(3, counters.classifies(Layer.INBOUND_TRANSPORT_V4));
        assertEquals(1, counters.classifies(Layer.ALE_AUTH_RECV_ACCEPT_V4), "the first packet's flow only");
        assertEquals(3, engine.statistics.layer(Layer.INBOUND_IPPACKET_V4).permits());
        assertEquals(1, engine.statistics.layer(Layer.INBOUND_TRANSPORT_V4).blocks());

        // a filter at an empty layer: the next packet is judged there
        engine.add(Filter.of("no 198.51.100.7", Layer.INBOUND_IPPACKET_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address(PEER))));
        assertFalse(feed(Frames.udp4(PEER, HOST, 5000, 53, 10)));
        assertEquals(Layer.INBOUND_IPPACKET_V4, path.decidingLayer());
        assertEquals(4, counters.classifies(Layer.INBOUND_IPPACKET_V4));
        assertEquals(1, counters.blocks(Layer.INBOUND_IPPACKET_V4));
    }

    @Test
    void anEmptyLayersBlockDefaultBlocksThere() {
        engine.session.setEngineOptions(engine.session.engineOptions()
                .withDefaultActions(Map.of(Layer.DATAGRAM_DATA_V4, ActionType.BLOCK)));
        start();
        assertFalse(feed(Frames.udp4(PEER, HOST, 5000, 53, 10)));
        assertEquals(Layer.DATAGRAM_DATA_V4, path.decidingLayer());
        assertEquals(0, path.decidingFilter());
        assertTrue(feed(Frames.tcp4(PEER, HOST, 40000, 80, ParsedPacket.TCP_SYN, 0)), "TCP meets no datagram layer");
    }
}
