package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Layer;

/**
 * The bundle stops while flows hold mappings (hot undeploy mid-replay): the engine removes each context of both
 * callouts with its flowDelete, SCR deactivates the core, and no mapping and no port is left behind, while the
 * flows themselves stay open.
 */
class BundleRemovalTest {

    @Test
    void removingTheCalloutsMidStreamReleasesEveryMappingOnceAndFreesEveryPort() {
        NatHarness h = new NatHarness();
        NatRule snat = h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40099");
        h.rule("forward", "10.0.0.80:80", "192.0.2.1:8080");
        MiniShim shim = new MiniShim(h);
        for (int i = 0; i < 10; i++) {
            shim.fromInside(Packets.udp("10.0.0." + (i + 2), 5000 + i, "198.51.100.53", 53, new byte[4], true));
            byte[] out = shim.takeOutside();
            shim.fromOutside(Packets.udp("198.51.100.53", 53, "192.0.2.1", Packets.sourcePort(out), new byte[4],
                    true));
        }
        shim.fromOutside(Packets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, Packets.SYN, new byte[0]));
        shim.fromInside(Packets.tcp("10.0.0.80", 80, "203.0.113.9", 51000, Packets.SYN | Packets.ACK, new byte[0]));
        assertEquals(11, h.core.table().size());
        assertEquals(22, h.flows.contexts(), "inside and outside flow of each mapping");
        int flowsOpen = h.flows.openFlows();

        h.flows.unregister(h.outbound.calloutId());
        h.flows.unregister(h.inbound.calloutId());

        assertEquals(22, h.flows.flowDeletes.size(), "one flowDelete per association");
        assertEquals(0, h.flows.contexts());
        assertEquals(11, h.core.count(NatCounter.MAPPINGS_HELD), "each mapping released exactly once");
        assertEquals(flowsOpen, h.flows.openFlows(), "the flows stay open: only the contexts went");
        h.core.deactivate();
        assertEquals(0, h.core.table().size(), "no mapping left behind");
        assertEquals(0, snat.portsInUse(), "every port free");
        assertEquals(ActionType.PERMIT, h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.udp("198.51.100.53", 53,
                "192.0.2.1", 40000, new byte[4], true), 1).action(), "a late reply finds no mapping");
    }
}
