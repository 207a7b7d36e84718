package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.callouts.logging.Wire.T0;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import weir.callouts.logging.Wire.Pkt;
import weir.callouts.logging.eve.EveFlowLayout;
import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;
import weir.engine.api.NotifyType;
import weir.engine.testing.TestClassifyOut;
import weir.engine.testing.TestMetadata;
import weir.engine.testing.TestPacket;
import weir.engine.testing.TestValues;

/**
 * The flow log's callouts on the test kit: what a flow's packets add up to in its record, and the record as
 * written at flowDelete, member by member.
 */
class FlowLogTest {
    private static final int SA = TestPacket.SYN | TestPacket.ACK;
    private static final int A = TestPacket.ACK;
    private static final int PA = TestPacket.PSH | TestPacket.ACK;
    private static final int FA = TestPacket.FIN | TestPacket.ACK;

    @TempDir
    Path data;
    private Wire wire;

    @BeforeEach
    void start() {
        wire = new Wire(data, new Config());
    }

    @AfterEach
    void stop() {
        wire.close();
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void anOutboundTcpFlowEndingWithFinIsOneRecordWithItsCountsTimesFlagsAndAleDecision() throws Exception {
        long f = wire.flows.openFlow();
        wire.flows.decide(f, new Decision(ActionType.PERMIT, false, false, 3, false, DecisionReason.STATIC_FILTER));
        List<Pkt> toServer = List.of(Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.SYN, ""),
                Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, A, ""),
                Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, PA, "GET / HTTP/1.1\r\n\r\n"),
                Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, FA, ""));
        List<Pkt> toClient = List.of(Pkt.tcp("192.0.2.10", 80, "10.0.0.2", 40000, SA, ""),
                Pkt.tcp("192.0.2.10", 80, "10.0.0.2", 40000, PA, "HTTP/1.1 200 OK\r\n\r\nhello"),
                Pkt.tcp("192.0.2.10", 80, "10.0.0.2", 40000, FA, ""));
        wire.send(f, toServer.get(0), at(0));
        wire.send(f, toClient.get(0), at(10));
        wire.established(f, toServer.get(1), true, at(20));
        wire.send(f, toServer.get(1), at(20));
        wire.send(f, toServer.get(2), at(30));
        wire.send(f, toClient.get(1), at(1_250));
        wire.send(f, toServer.get(3), at(1_300));
        wire.send(f, toClient.get(2), at(2_500));
        wire.flows.closeFlow(f, FlowEndReason.FIN);

        List<String> lines = wire.lines(1);
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(List.of(), EveFlowLayout.problems(lines.get(0)), lines.get(0));
        JsonNode e = EveFlowLayout.parse(lines.get(0));
        assertEquals("2026-01-01T00:00:02.500000+0000", e.get("timestamp").asText(), "the flow's last packet");
        assertEquals(f, e.get("flow_id").asLong());
        assertEquals("10.0.0.2", e.get("src_ip").asText());
        assertEquals(40000, e.get("src_port").asInt());
        assertEquals("192.0.2.10", e.get("dest_ip").asText());
        assertEquals(80, e.get("dest_port").asInt());
        assertEquals("TCP", e.get("proto").asText());
        JsonNode flow = e.get("flow");
        assertEquals(4, flow.get("pkts_toserver").asLong());
        assertEquals(3, flow.get("pkts_toclient").asLong());
        assertEquals(toServer.stream().mapToInt(Pkt::length).sum(), flow.get("bytes_toserver").asLong());
        assertEquals(toClient.stream().mapToInt(Pkt::length).sum(), flow.get("bytes_toclient").asLong());
        assertEquals("2026-01-01T00:00:00.000000+0000", flow.get("start").asText());
        assertEquals("2026-01-01T00:00:02.500000+0000", flow.get("end").asText());
        assertEquals(2, flow.get("age").asInt());
        assertEquals("closed", flow.get("state").asText());
        assertEquals("timeout", flow.get("reason").asText(), "EVE's word for a closed flow that was let go");
        JsonNode tcp = e.get("tcp");
        assertEquals("1b", tcp.get("tcp_flags_ts").asText(), "SYN ACK PSH FIN from the client");
        assertEquals("1b", tcp.get("tcp_flags_tc").asText());
        assertTrue(tcp.get("syn").asBoolean() && tcp.get("fin").asBoolean() && !tcp.has("rst"));
        JsonNode w = e.get("weir");
        assertEquals("outbound", w.get("direction").asText());
        assertEquals("fin", w.get("end").asText());
        assertEquals("PERMIT", w.get("verdict").asText());
        assertEquals(3, w.get("filter_id").asLong());
        assertEquals("STATIC_FILTER", w.get("decision").asText());
        assertEquals(0, wire.flows.contexts(), "both associations were deleted");
    }

    @Test
    void anInboundFlowNamesTheRemoteEndAsItsSource() throws Exception {
        long f = wire.flows.openFlow();
        Pkt syn = Pkt.tcp("2001:db8::10", 41000, "2001:db8::2", 443, TestPacket.SYN, "");
        wire.send(f, syn, at(0));
        wire.send(f, Pkt.tcp("2001:db8::2", 443, "2001:db8::10", 41000, SA, ""), at(1));
        wire.send(f, Pkt.tcp("2001:db8::10", 41000, "2001:db8::2", 443, A, ""), at(2));
        wire.established(f, syn, false, at(2));
        wire.send(f, Pkt.tcp("2001:db8::10", 41000, "2001:db8::2", 443, TestPacket.RST, ""), at(3));
        wire.flows.closeFlow(f, FlowEndReason.RST);
        JsonNode e = EveFlowLayout.parse(wire.lines(1).get(0));
        assertEquals(List.of(), EveFlowLayout.problems(wire.lines(1).get(0)));
        assertEquals("2001:db8::10", e.get("src_ip").asText());
        assertEquals(41000, e.get("src_port").asInt());
        assertEquals("2001:db8::2", e.get("dest_ip").asText());
        assertEquals(443, e.get("dest_port").asInt());
        assertEquals(3, e.get("flow").get("pkts_toserver").asLong());
        assertEquals(1, e.get("flow").get("pkts_toclient").asLong());
        assertEquals("16", e.get("tcp").get("tcp_flags_ts").asText(), "SYN ACK RST");
        assertEquals("12", e.get("tcp").get("tcp_flags_tc").asText());
        assertEquals("inbound", e.get("weir").get("direction").asText());
        assertEquals("rst", e.get("weir").get("end").asText());
        assertFalse(e.get("weir").has("verdict"), "no ALE decision was recorded for this flow");
    }

    @Test
    void anIcmpEchoHasTypesAndCodesInsteadOfPorts() throws Exception {
        long f = wire.flows.openFlow();
        Pkt request = Pkt.echo("10.0.0.2", "192.0.2.1", true, 7);
        wire.established(f, request, true, at(0));
        wire.send(f, request, at(0));
        wire.send(f, Pkt.echo("192.0.2.1", "10.0.0.2", false, 7), at(5));
        wire.flows.closeFlow(f, FlowEndReason.IDLE);
        String line = wire.lines(1).get(0);
        assertEquals(List.of(), EveFlowLayout.problems(line), line);
        JsonNode e = EveFlowLayout.parse(line);
        assertEquals("ICMP", e.get("proto").asText());
        assertFalse(e.has("src_port") || e.has("dest_port"));
        assertEquals(8, e.get("icmp_type").asInt());
        assertEquals(0, e.get("icmp_code").asInt());
        assertEquals(0, e.get("response_icmp_type").asInt());
        assertEquals("established", e.get("flow").get("state").asText());
        assertEquals("timeout", e.get("flow").get("reason").asText());
        assertEquals("idle", e.get("weir").get("end").asText());
    }

    @Test
    void aFlowThatMetAleFlowEstablishedFirstIsCountedFromItsFirstPacket() throws Exception {
        // outbound UDP: ALE_AUTH_CONNECT, then ALE_FLOW_ESTABLISHED, then the transport layer, for its first packet
        long f = wire.flows.openFlow();
        Pkt query = Pkt.udp("2001:db8::2", 53001, "2001:db8::53", 53, "query");
        wire.established(f, query, true, at(0));
        wire.send(f, query, at(0));
        wire.send(f, Pkt.udp("2001:db8::53", 53, "2001:db8::2", 53001, "answer!"), at(40));
        wire.flows.closeFlow(f, FlowEndReason.SHUTDOWN);
        JsonNode e = EveFlowLayout.parse(wire.lines(1).get(0));
        assertEquals("UDP", e.get("proto").asText());
        assertEquals(1, e.get("flow").get("pkts_toserver").asLong());
        assertEquals(1, e.get("flow").get("pkts_toclient").asLong());
        assertEquals("shutdown", e.get("flow").get("reason").asText());
        assertFalse(e.has("tcp"));
    }

    @Test
    void removingTheCalloutsWritesEveryLiveFlowOnceWithCalloutRemoved() throws Exception {
        long a = wire.flows.openFlow();
        long b = wire.flows.openFlow();
        wire.send(a, Pkt.udp("10.0.0.2", 1000, "192.0.2.53", 53, "a"), at(0));
        wire.send(b, Pkt.udp("10.0.0.2", 1001, "192.0.2.53", 53, "b"), at(1));
        assertEquals(2, wire.log.live().size());
        for (int id : wire.ids.values()) {
            wire.flows.unregister(id); // what the bundle stopping does, one callout after the other
        }
        List<String> lines = wire.lines(2);
        assertEquals(2, lines.size(), lines.toString());
        for (String l : lines) {
            JsonNode e = EveFlowLayout.parse(l);
            assertEquals("callout_removed", e.get("weir").get("end").asText());
            assertEquals("shutdown", e.get("flow").get("reason").asText());
        }
        wire.flows.closeFlow(a, FlowEndReason.FIN);
        assertEquals(2, wire.lines(2).size(), "the flow's end later writes nothing more");
        assertEquals(0, wire.log.live().size());
    }

    @Test
    void notifyAcceptsOnlyInspectionFiltersAtTheCalloutsOwnLayer() {
        for (Layer l : wire.callouts.keySet()) {
            Callout c = wire.callouts.get(l);
            UUID key = UUID.fromString(FlowLogKeys.TABLE.get(l.name()));
            assertTrue(c.notify(NotifyType.ADD_FILTER, null, Filter.of("ok", l, FilterAction.calloutInspection(key))));
            assertFalse(c.notify(NotifyType.ADD_FILTER, null, Filter.of("t", l, FilterAction.calloutTerminating(key))),
                    l + ": terminating");
            Layer other = l == Layer.INBOUND_TRANSPORT_V4 ? Layer.OUTBOUND_TRANSPORT_V4 : Layer.INBOUND_TRANSPORT_V4;
            assertFalse(c.notify(NotifyType.ADD_FILTER, null, Filter.of("x", other,
                    FilterAction.calloutInspection(key))), l + ": at " + other);
            assertTrue(c.notify(NotifyType.DELETE_FILTER, null, Filter.of("t", l, FilterAction.calloutTerminating(key))),
                    "a delete is never refused");
        }
    }

    @Test
    void classifyDecidesNothingAndTakesWhatItCannotRead() {
        long f = wire.flows.openFlow();
        TestClassifyOut writable = wire.send(f, Pkt.udp("10.0.0.2", 1, "192.0.2.1", 2, ""), at(0));
        assertEquals(ActionType.CONTINUE, writable.actionType(), "an inspection callout's answer");
        Callout in = wire.callouts.get(Layer.INBOUND_TRANSPORT_V4);
        TestClassifyOut hard = TestClassifyOut.decided(ActionType.BLOCK, true);
        in.classify(TestValues.at(Layer.INBOUND_TRANSPORT_V4), TestMetadata.of().flow(f), null,
                Wire.inspection(Layer.INBOUND_TRANSPORT_V4), null, hard);
        assertTrue(hard.untouched(), "without the write right it leaves the decision alone");
        // no flow, no frame, no values: nothing to count, and no exception
        in.classify(TestValues.at(Layer.INBOUND_TRANSPORT_V4), TestMetadata.of(), null,
                Wire.inspection(Layer.INBOUND_TRANSPORT_V4), null, TestClassifyOut.writable());
        // a filter at another layer naming this key (added before the callout registered, so never refused)
        TestClassifyOut elsewhere = TestClassifyOut.writable();
        in.classify(TestValues.at(Layer.INBOUND_IPPACKET_V4), TestMetadata.of().flow(f), null,
                Wire.inspection(Layer.INBOUND_TRANSPORT_V4), null, elsewhere);
        assertEquals(ActionType.CONTINUE, elsewhere.actionType());
        assertEquals(1, wire.log.live().size());
    }

    @Test
    void perPacketRecordsWhenAsked() throws Exception {
        wire.close();
        Config c = new Config();
        c.packetRecords = true;
        wire = new Wire(data, c);
        long f = wire.flows.openFlow();
        wire.send(f, Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.SYN, ""), at(0));
        wire.send(f, Pkt.tcp("192.0.2.10", 80, "10.0.0.2", 40000, SA, ""), at(1));
        List<String> lines = wire.lines(2);
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = EveFlowLayout.parse(lines.get(0));
        assertEquals("packet", first.get("event_type").asText());
        assertEquals("10.0.0.2", first.get("src_ip").asText());
        assertEquals("OUTBOUND_TRANSPORT_V4", first.get("weir").get("layer").asText());
        assertEquals("02", first.get("weir").get("tcp_flags").asText());
        JsonNode second = EveFlowLayout.parse(lines.get(1));
        assertEquals("192.0.2.10", second.get("src_ip").asText(), "a packet's own source");
        assertEquals("inbound", second.get("weir").get("direction").asText());
        assertEquals("2026-01-01T00:00:00.001000+0000", second.get("timestamp").asText());
    }
}
