package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.shim.pcap.Frames;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * A crafted capture replayed through the real engine with a small policy: the packets the policy names are
 * dropped (where and how the summary says), every other frame lands in the permitted file byte for byte
 * with its timestamp, the dropped ones in the dropped file, and every packet is accounted for.
 */
class PolicyReplayTest {
    private static final String HOST = "10.0.0.2";
    private static final String WEB = "192.0.2.10";
    private static final String ATTACKER = "198.51.100.7";
    private static final int SYN = ParsedPacket.TCP_SYN;
    private static final int ACK = ParsedPacket.TCP_ACK;
    private static final int FIN = ParsedPacket.TCP_FIN;
    private static final int PSH = ParsedPacket.TCP_PSH;

    @TempDir
    Path dir;

    private final RealEngine engine = new RealEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void blockedPacketsGoToTheDroppedFileAndTheRestPassByteForByte() {
        Filter ssh = engine.add(Filter.of("no ssh in", Layer.ALE_AUTH_RECV_ACCEPT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                        Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        Filter snmp = engine.add(Filter.of("no snmp", Layer.INBOUND_TRANSPORT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(17)),
                        Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(161))));
        Frames f = new Frames();
        List<Integer> blocked = new ArrayList<>();
        // an outbound web connection: handshake, request, response, FIN both ways, last ACK
        f.add(Frames.tcp4(HOST, WEB, 40000, 80, SYN, 0));
        f.add(Frames.tcp4(WEB, HOST, 80, 40000, SYN | ACK, 0));
        f.add(Frames.tcp4(HOST, WEB, 40000, 80, ACK, 0));
        f.add(Frames.tcp4(HOST, WEB, 40000, 80, PSH | ACK, 30));
        f.add(Frames.tcp4(WEB, HOST, 80, 40000, PSH | ACK, 100));
        f.add(Frames.tcp4(HOST, WEB, 40000, 80, FIN | ACK, 0));
        f.add(Frames.tcp4(WEB, HOST, 80, 40000, FIN | ACK, 0));
        f.add(Frames.tcp4(HOST, WEB, 40000, 80, ACK, 0));
        // an SSH attempt from outside, retransmitted: ALE blocks the first, the flow state the second
        blocked.add(f.add(Frames.tcp4(ATTACKER, HOST, 51515, 22, SYN, 0)));
        blocked.add(f.add(Frames.tcp4(ATTACKER, HOST, 51515, 22, SYN, 0), 1000));
        // an SNMP probe and a DNS exchange
        blocked.add(f.add(Frames.udp4(ATTACKER, HOST, 40001, 161, 6)));
        f.add(Frames.udp4(HOST, "192.0.2.53", 53000, 53, 25));
        f.add(Frames.udp4("192.0.2.53", HOST, 53, 53000, 60));
        // a ping, ARP, and a frame cut in its IP header
        f.add(Frames.echo4(HOST, "192.0.2.1", 8));
        f.add(Frames.echo4("192.0.2.1", HOST, 0));
        f.add(Frames.arp());
        f.add(Frames.truncated4());
        Path in = f.write(dir.resolve("in.pcap"));
        Path permitted = dir.resolve("permitted.pcap");
        Path dropped = dir.resolve("dropped.pcap");

        OfflineReplay.Result r = new OfflineReplay(engine.classifier(), engine.flowContexts(), engine.session, null)
                .replay(in, HOST, permitted, dropped);

        List<Integer> passed = new ArrayList<>();
        for (int i = 0; i < f.frames.size(); i++) {
            if (!blocked.contains(i)) {
                passed.add(i);
            }
        }
        assertEquals(f.lines(passed), Frames.read(permitted), "the permitted file is the input minus the drops");
        assertEquals(f.lines(blocked), Frames.read(dropped));
        Map<String, Object> s = r.summary().values();
        assertEquals((long) f.frames.size(), s.get("packets"));
        assertEquals(12L, s.get("permitted"), r.summary().text());
        assertEquals(3L, s.get("dropped"));
        assertEquals(2L, s.get("unsupported"), "ARP and the cut frame pass unjudged");
        assertEquals(1L, s.get("dropped_by_flow_state"), "the retransmitted SYN is dropped without classifying");
        assertEquals((long) f.frames.size(), (Long) s.get("permitted") + (Long) s.get("dropped")
                + (Long) s.get("unsupported"));
        assertEquals(Map.of("TRUNCATED_IPV4_HEADER", 1L), ((Map<?, ?>) s.get("malformed")).get("by_reason"));
        // the filters' hits: the SSH filter decided once (the retransmission never reached it)
        String text = r.summary().text();
        assertTrue(text.contains("no ssh in"), text);
        assertEquals(1L, decisions(r, ssh.filterId()), text);
        assertEquals(1L, decisions(r, snmp.filterId()), text);
        Map<?, ?> flows = (Map<?, ?>) s.get("flows");
        // web (TCP), ssh (blocked), snmp, dns, ping: 5 flows; web ended by FIN, the rest at the end
        assertEquals(5L, flows.get("created"), text);
        assertEquals(5L, flows.get("deleted"), text);
        assertEquals(1L, flows.get("ended_by_tcp"), text);
        assertEquals(0L, flows.get("open"), text);
    }

    private static long decisions(OfflineReplay.Result r, long filterId) {
        for (Object o : (List<?>) r.summary().values().get("filters")) {
            Map<?, ?> m = (Map<?, ?>) o;
            if (m.get("id").equals(filterId)) {
                return (Long) m.get("decisions");
            }
        }
        return 0;
    }
}
