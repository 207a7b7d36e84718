package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.shim.pcap.Corpus;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.path.LocalAddresses;
import weir.shim.pcap.path.ReauthWatch;

/**
 * Monitor mode on a live interface: namespace A pings this namespace's end of its veth pair, which Weir
 * watches. The interface's own address makes the requests inbound; an ICMP BLOCK filter counts them as
 * dropped, yet the pings get through, because a tap cannot drop. Skipped with one line without root,
 * iproute2, libpcap or ping.
 */
class LiveTest {
    @Test
    void aMonitorCountsVerdictsButDropsNothing() throws Exception {
        Corpus.assumeLibpcap();
        Tools.assume("ping");
        try (Netns net = Netns.create(); RealEngine engine = new RealEngine()) {
            net.addressHere(net.insidePort, "10.77.0.254/24");
            engine.add(Filter.of("no icmp in", Layer.INBOUND_TRANSPORT_V4, FilterAction.block())
                    .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(1))));
            LiveSource source = new LiveSource(net.insidePort, weir.shim.pcap.live.LiveSettings.defaults());
            assertEquals("10.77.0.254", source.defaultLocal(), "the interface's address is the local one");
            ShimRun run = ShimRun.open(1, source, LocalAddresses.parse(source.defaultLocal()), engine.classifier(),
                    engine.flowContexts(), new ReauthWatch(), ShimSettings.defaults());
            try {
                run.start(() -> { }, r -> { });
                Netns.Result ping = net.in(net.nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.77.0.254");
                assertEquals(0, ping.exit(), "a tap cannot drop: " + ping.output());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (run.counters().droppedCount() < 3) {
                    assertTrue(System.nanoTime() < deadline, "within 5000 ms: " + run.counters().droppedCount()
                            + " dropped of " + run.counters().packets());
                    Thread.sleep(20);
                }
            } finally {
                run.close();
            }
            Map<String, Object> s = new OfflineReplay(engine.classifier(), engine.flowContexts(), null, null)
                    .summary(run).values();
            assertEquals(false, s.get("enforced"));
            // the kernel's capture counts are in, for the watched interface
            Map<?, ?> side = (Map<?, ?>) ((Map<?, ?>) s.get("capture")).get(net.insidePort);
            assertTrue(side != null && (Long) side.get("received_by_kernel") > 0, String.valueOf(s.get("capture")));
            assertTrue(s.containsKey("missed"));
            assertTrue(source.wakeups() > 0, "the packet thread slept in poll when nothing arrived");
            assertTrue(new OfflineReplay(engine.classifier(), engine.flowContexts(), null, null).summary(run).text()
                    .contains("a tap cannot drop"));
        }
    }
}
