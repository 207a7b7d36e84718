package weir.shim.pcap.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.api.Layer.ALE_AUTH_CONNECT_V4;
import static weir.engine.api.Layer.ALE_AUTH_RECV_ACCEPT_V4;
import static weir.engine.api.Layer.ALE_FLOW_ESTABLISHED_V4;
import static weir.engine.api.Layer.ALE_FLOW_ESTABLISHED_V6;
import static weir.engine.api.Layer.DATAGRAM_DATA_V4;
import static weir.engine.api.Layer.DATAGRAM_DATA_V6;
import static weir.engine.api.Layer.INBOUND_ICMP_ERROR_V4;
import static weir.engine.api.Layer.INBOUND_IPPACKET_V4;
import static weir.engine.api.Layer.INBOUND_IPPACKET_V6;
import static weir.engine.api.Layer.INBOUND_TRANSPORT_V4;
import static weir.engine.api.Layer.INBOUND_TRANSPORT_V6;
import static weir.engine.api.Layer.IPFORWARD_V4;
import static weir.engine.api.Layer.OUTBOUND_IPPACKET_V4;
import static weir.engine.api.Layer.OUTBOUND_IPPACKET_V6;
import static weir.engine.api.Layer.OUTBOUND_TRANSPORT_V4;
import static weir.engine.api.Layer.OUTBOUND_TRANSPORT_V6;
import static weir.engine.api.Layer.STREAM_V4;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.ConditionFlag;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.shim.pcap.Frames;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * The order of the layers a packet meets, the ALE layers' first-packet-only rule, FLOW_ESTABLISHED at the
 * end of the TCP handshake, reauthorization after a filter change at an ALE auth layer, and blocked flows
 * staying blocked: observed by a recording callout at every layer of a real engine.
 */
class PacketPathTest {
    private static final String HOST = "10.0.0.2";
    private static final String PEER = "192.0.2.10";
    private static final int SYN = ParsedPacket.TCP_SYN;
    private static final int ACK = ParsedPacket.TCP_ACK;
    private static final int FIN = ParsedPacket.TCP_FIN;
    private static final int RST = ParsedPacket.TCP_RST;
    private static final int PSH = ParsedPacket.TCP_PSH;

    private final Walker w = new Walker(HOST + ",2001:db8::2");

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void inboundTcpMeetsAleOnceAndFlowEstablishedAtTheEndOfTheHandshake() {
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, ALE_AUTH_RECV_ACCEPT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 40000, 80, SYN, 0)));
        assertEquals(List.of(OUTBOUND_TRANSPORT_V4, OUTBOUND_IPPACKET_V4),
                w.feed(Frames.tcp4(HOST, PEER, 80, 40000, SYN | ACK, 0)));
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, ALE_FLOW_ESTABLISHED_V4),
                w.feed(Frames.tcp4(PEER, HOST, 40000, 80, ACK, 0)));
        assertEquals(1, w.last(ALE_FLOW_ESTABLISHED_V4).direction(), "an inbound flow: DIRECTION INBOUND (1)");
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, STREAM_V4),
                w.feed(Frames.tcp4(PEER, HOST, 40000, 80, PSH | ACK, 20)));
        assertEquals(List.of(OUTBOUND_TRANSPORT_V4, OUTBOUND_IPPACKET_V4),
                w.feed(Frames.tcp4(HOST, PEER, 80, 40000, ACK, 0)), "no payload: no STREAM");
        long handle = w.last(INBOUND_TRANSPORT_V4).flowHandle();
        assertNotEquals(0, handle);
        assertEquals(handle, w.last(OUTBOUND_TRANSPORT_V4).flowHandle(), "both directions are one flow");
        assertEquals(handle, w.last(STREAM_V4).flowHandle());
        assertEquals(0, w.last(INBOUND_IPPACKET_V4).flowHandle(), "IP packet layers have no flow handle");
        assertEquals(1, w.engine.flows.openFlows());
        w.feed(Frames.tcp4(PEER, HOST, 40000, 80, FIN | ACK, 0));
        assertEquals(1, w.engine.flows.openFlows(), "one FIN does not end a flow");
        w.feed(Frames.tcp4(HOST, PEER, 80, 40000, FIN | ACK, 0));
        assertEquals(0, w.engine.flows.openFlows(), "FIN both ways ends it");
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 40000, 80, ACK, 0)), "the last ACK starts no new flow");
        assertEquals(0, w.last(INBOUND_TRANSPORT_V4).flowHandle());
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, ALE_AUTH_RECV_ACCEPT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 40000, 80, SYN, 0)), "a new SYN on the tuple is a new flow");
    }

    @Test
    void outboundUdpMeetsConnectAndEstablishedAtOnceThenDatagramsOnly() {
        assertEquals(List.of(ALE_AUTH_CONNECT_V4, ALE_FLOW_ESTABLISHED_V4, DATAGRAM_DATA_V4, OUTBOUND_TRANSPORT_V4,
                OUTBOUND_IPPACKET_V4), w.feed(Frames.udp4(HOST, "192.0.2.53", 53000, 53, 20)));
        assertEquals(0, w.last(ALE_FLOW_ESTABLISHED_V4).direction(), "an outbound flow: DIRECTION OUTBOUND (0)");
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, DATAGRAM_DATA_V4),
                w.feed(Frames.udp4("192.0.2.53", HOST, 53, 53000, 40)));
        assertEquals(1, w.last(DATAGRAM_DATA_V4).direction(), "DATAGRAM_DATA's DIRECTION is the packet's");
    }

    @Test
    void ipv6TakesTheV6Layers() {
        assertEquals(List.of(Layer.ALE_AUTH_CONNECT_V6, ALE_FLOW_ESTABLISHED_V6, DATAGRAM_DATA_V6,
                OUTBOUND_TRANSPORT_V6, OUTBOUND_IPPACKET_V6),
                w.feed(Frames.udp6("2001:db8::2", "2001:db8::53", 5000, 53, 10)));
        assertEquals(List.of(INBOUND_IPPACKET_V6, INBOUND_TRANSPORT_V6, DATAGRAM_DATA_V6),
                w.feed(Frames.udp6("2001:db8::53", "2001:db8::2", 53, 5000, 10)));
    }

    @Test
    void forwardedPacketsMeetIpForwardOnlyAndIcmpErrorsTheirOwnLayer() {
        assertEquals(List.of(IPFORWARD_V4), w.feed(Frames.udp4("192.0.2.1", "192.0.2.99", 1, 2, 0)));
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, INBOUND_ICMP_ERROR_V4),
                w.feed(Frames.unreachable4(PEER, HOST)));
        assertEquals(0, w.engine.flows.openFlows(), "neither has a flow");
    }

    @Test
    void aRstEndsTheFlowAndItsHandle() {
        w.feed(Frames.tcp4(HOST, PEER, 41000, 443, SYN, 0));
        assertEquals(1, w.engine.flows.openFlows());
        w.feed(Frames.tcp4(PEER, HOST, 443, 41000, RST | ACK, 0));
        assertEquals(0, w.engine.flows.openFlows());
        assertEquals(1, w.flows.counts().endedByTcp());
    }

    @Test
    void aFlowBlockedAtAleStaysBlockedUntilItsLayerChangesThenIsReauthorized() throws Exception {
        Filter block = w.engine.add(Filter.of("no ssh", ALE_AUTH_RECV_ACCEPT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        awaitEpochs(1);
        w.feed(Frames.tcp4(PEER, HOST, 51515, 22, SYN, 0));
        assertFalse(w.lastVerdict());
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 51515, 22, SYN, 0)), "no ALE classification for a blocked flow");
        assertFalse(w.lastVerdict());
        assertEquals(1, w.counters.flowBlockedCount());

        w.engine.session.deleteFilter(block.filterId());
        awaitEpochs(2);
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, ALE_AUTH_RECV_ACCEPT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 51515, 22, SYN, 0)));
        assertTrue(w.lastVerdict(), "reauthorized after the delete: permitted");
        long flags = w.last(ALE_AUTH_RECV_ACCEPT_V4).flags();
        assertEquals(ConditionFlag.IS_REAUTHORIZE.code(), flags & ConditionFlag.IS_REAUTHORIZE.code());
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4),
                w.feed(Frames.tcp4(PEER, HOST, 51515, 22, SYN, 0)), "authorized: ALE is skipped again");
    }

    @Test
    void anAuthorizedFlowIsReauthorizedOnceAfterAFilterIsAddedAtItsLayer() throws Exception {
        w.feed(Frames.udp4(PEER, HOST, 5000, 514, 10));
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, DATAGRAM_DATA_V4),
                w.feed(Frames.udp4(PEER, HOST, 5000, 514, 10)));
        // a filter at another layer changes nothing for ALE
        w.engine.add(Filter.of("noise", INBOUND_TRANSPORT_V4, FilterAction.permit())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(9))));
        w.engine.add(Filter.of("no syslog", ALE_AUTH_RECV_ACCEPT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(514))));
        awaitEpochs(1);
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4, ALE_AUTH_RECV_ACCEPT_V4),
                w.feed(Frames.udp4(PEER, HOST, 5000, 514, 10)));
        assertFalse(w.lastVerdict(), "the reauthorization meets the new block");
        assertTrue((w.last(ALE_AUTH_RECV_ACCEPT_V4).flags() & ConditionFlag.IS_REAUTHORIZE.code()) != 0);
        assertEquals(List.of(INBOUND_IPPACKET_V4, INBOUND_TRANSPORT_V4),
                w.feed(Frames.udp4(PEER, HOST, 5000, 514, 10)), "now blocked by its flow's state");
        assertFalse(w.lastVerdict());
    }

    /** Filter changes reach the shim asynchronously (after commit, on the engine's notification thread). */
    private void awaitEpochs(int changes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (w.reauth.epoch(ALE_AUTH_RECV_ACCEPT_V4) < changes) {
            assertTrue(System.nanoTime() < deadline, "the filter change did not arrive within 5000 ms");
            Thread.sleep(5);
        }
    }

    @Test
    void theSessionsOwnChangesDoNotCount() throws InterruptedException {
        // rule 23: a subscriber hears nothing of its own session's changes
        EngineSession own = w.engine.engine.open(SessionOptions.named("own"));
        try (ReauthWatch watch = new ReauthWatch(own)) {
            own.addFilter(Filter.of("own", ALE_AUTH_CONNECT_V4, FilterAction.permit()));
            w.engine.add(Filter.of("other", ALE_AUTH_CONNECT_V4, FilterAction.permit()));
            // notifications arrive in commit order: once the other session's is in, the own one would be too
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (watch.epoch(ALE_AUTH_CONNECT_V4) < 1) {
                assertTrue(System.nanoTime() < deadline, "the other session's change did not arrive within 5000 ms");
                Thread.sleep(5);
            }
            assertEquals(1, watch.epoch(ALE_AUTH_CONNECT_V4));
        } finally {
            own.close();
        }
    }
}
