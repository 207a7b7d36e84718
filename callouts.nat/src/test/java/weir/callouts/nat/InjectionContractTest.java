package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Layer;

/**
 * The callout's side of WFP's clone-modify-inject contract (spec §3, §5): absorb with a hard block, inject in
 * the same direction, let its own packets through (rule 29), leave the action alone without the write right.
 */
class InjectionContractTest {
    private static final byte[] DATA = "x".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT = Packets.tcp("10.0.0.5", 40001, "198.51.100.7", 80, Packets.SYN, new byte[0]);

    private static NatHarness staticNat() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        return h;
    }

    @Test
    void itsOwnInjectedPacketIsPermittedUntouchedWhenItComesBack() {
        NatHarness h = staticNat();
        long flow = h.flows.openFlow();
        byte[] copy = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, flow).onlyInjected();
        byte[] before = copy.clone();

        NatHarness.Result again = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(copy), h.flows.openFlow(),
                h.handle, MemoryClassifyOut.fresh());

        assertEquals(ActionType.PERMIT, again.action());
        assertTrue(again.writeRight(), "a soft permit");
        assertFalse(again.absorb());
        assertTrue(again.injected().isEmpty(), "no loop");
        assertArrayEquals(before, copy);
        assertEquals(1, h.core.count(NatCounter.OWN_INJECTED));
    }

    @Test
    void aPacketPreviouslyInjectedByItIsPermittedToo() {
        NatHarness h = staticNat();
        MemoryMetadata md = new MemoryMetadata();
        md.setFlowHandle(h.flows.openFlow());
        md.setInjection(new Object(), h.handle);

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(OUT), md, MemoryClassifyOut.fresh());

        assertEquals(ActionType.PERMIT, r.action());
        assertTrue(r.injected().isEmpty());
    }

    @Test
    void aPacketInjectedByAnotherCalloutIsTranslatedLikeAnyOther() {
        NatHarness h = staticNat();

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(OUT), h.flows.openFlow(),
                new Object(), MemoryClassifyOut.fresh());

        assertEquals(ActionType.BLOCK, r.action());
        assertEquals(Packets.ip("192.0.2.5"), Packets.source(r.onlyInjected()));
    }

    @Test
    void withoutTheWriteRightItLeavesTheActionAndThePacketAlone() {
        NatHarness h = staticNat();
        ClassifyOut hardPermit = new MemoryClassifyOut(ActionType.PERMIT, 0);

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(OUT), h.flows.openFlow(), null,
                hardPermit);

        assertEquals(ActionType.PERMIT, r.action());
        assertFalse(r.absorb());
        assertTrue(r.injected().isEmpty());
        assertTrue((h.core.table().size() == 0), "no translation is made for a packet it cannot take");
        assertEquals(0, h.flows.associateCalls.get());
        assertEquals(1, h.core.count(NatCounter.NO_WRITE_RIGHT));
    }

    @Test
    void itsOwnPacketWithoutTheWriteRightKeepsTheActionItFound() {
        NatHarness h = staticNat();
        ClassifyOut blocked = new MemoryClassifyOut(ActionType.BLOCK, 0);

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(OUT), h.flows.openFlow(), h.handle,
                blocked);

        assertEquals(ActionType.BLOCK, r.action());
    }

    @Test
    void packetsNoRuleCoversGetASoftPermit() {
        NatHarness h = staticNat();

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.9", 40001, "198.51.100.7", 80, Packets.SYN, new byte[0]), h.flows.openFlow());

        assertEquals(ActionType.PERMIT, r.action());
        assertTrue(r.writeRight(), "soft: a lower sublayer may still block it");
        assertFalse(r.absorb());
        assertTrue(r.injected().isEmpty());
        assertEquals(0, h.flows.associateCalls.get());
    }

    @Test
    void itsPermitsAreHardWhenTheFilterClearsTheActionRight() {
        NatHarness h = staticNat();
        h.filterFlags = java.util.Set.of(weir.engine.api.FilterFlag.CLEAR_ACTION_RIGHT);
        long flow = h.flows.openFlow();
        byte[] copy = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, flow).onlyInjected();

        NatHarness.Result noRule = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.9", 40001, "198.51.100.7", 80, Packets.SYN, new byte[0]), h.flows.openFlow());
        NatHarness.Result own = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ip(copy), h.flows.openFlow(), h.handle,
                MemoryClassifyOut.fresh());

        assertEquals(ActionType.PERMIT, noRule.action());
        assertFalse(noRule.writeRight(), "spec rule 8");
        assertEquals(ActionType.PERMIT, own.action());
        assertFalse(own.writeRight());
    }

    @Test
    void withoutAnInjectorPacketsPassUntranslatedAndAreCounted() {
        NatHarness h = new NatHarness(false);
        h.rule("static", "10.0.0.5", "192.0.2.5");

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, h.flows.openFlow());

        assertEquals(ActionType.PERMIT, r.action());
        assertEquals(1, h.core.count(NatCounter.NO_INJECTOR));
        assertTrue((h.core.table().size() == 0));
    }

    @Test
    void anInjectorThatGoesAwayIsNoLongerUsed() {
        NatHarness h = staticNat();
        h.core.unbindInjector(h.injector);

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, h.flows.openFlow());

        assertEquals(ActionType.PERMIT, r.action());
        assertTrue(r.injected().isEmpty());
    }

    @Test
    void whenInjectionFailsTheOriginalIsDroppedNotSentUntranslated() {
        NatHarness h = staticNat();
        h.injector.failing = true;

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, h.flows.openFlow());

        assertEquals(ActionType.BLOCK, r.action());
        assertFalse(r.writeRight());
        assertFalse(r.absorb(), "a visible drop (net event), not a silent one");
        assertEquals(1, h.core.count(NatCounter.INJECT_FAILED));
    }

    @Test
    void theInjectedCopyIsTheIpDatagramWithoutTheLinkHeaderOrEthernetPadding() {
        NatHarness h = staticNat();
        byte[] small = Packets.udp("10.0.0.5", 7, "198.51.100.7", 7, DATA, true); // 29 bytes: padded to 60

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Frame.ethernet(small, 60, 5),
                h.flows.openFlow(), null, MemoryClassifyOut.fresh());

        assertArrayEquals(Packets.udp("192.0.2.5", 7, "198.51.100.7", 7, DATA, true), r.onlyInjected());
    }

    @Test
    void ipv6PassesAndFragmentsAndTruncatedPacketsOfACoveredHostAreDropped() {
        NatHarness h = staticNat();
        byte[] v6 = Packets.ipv6Udp(1000, 53, DATA);
        byte[] fragment = Packets.firstFragment(Packets.udp("10.0.0.5", 7, "198.51.100.7", 7, DATA, true));
        byte[] truncated = java.util.Arrays.copyOf(OUT, 30);

        assertEquals(ActionType.PERMIT, h.classify(Layer.OUTBOUND_TRANSPORT_V4, v6, h.flows.openFlow()).action());
        assertEquals(ActionType.BLOCK, h.classify(Layer.OUTBOUND_TRANSPORT_V4, fragment, 1).action());
        assertEquals(ActionType.BLOCK, h.classify(Layer.OUTBOUND_TRANSPORT_V4, truncated, 1).action());

        assertEquals(1, h.core.count(NatCounter.IPV6));
        assertEquals(2, h.core.count(NatCounter.UNTRANSLATABLE_BLOCKED));
        assertEquals(0, h.core.table().size());
    }

    @Test
    void aSourceNatFirstPacketWithoutAFlowIsBlockedAndMakesNoMapping() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, OUT, 0);

        assertEquals(ActionType.BLOCK, r.action());
        assertEquals(1, h.core.count(NatCounter.NO_FLOW));
        assertEquals(0, h.core.table().size(), "it could never be released");
    }
}
