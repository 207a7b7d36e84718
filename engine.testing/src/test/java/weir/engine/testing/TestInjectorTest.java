package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.Checksums;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.InjectionState;
import weir.engine.api.WfpException;

/**
 * TestInjector keeps copies of what is injected, answers injection states as the shim does, and refuses with one
 * line what the shim refuses and what a receiver would drop (wrong lengths and checksums).
 */
class TestInjectorTest {
    private static final byte[] SYN = TestPacket.tcp("10.0.0.5", 40000, "198.51.100.7", 443, TestPacket.SYN, "")
            .ipBytes();

    @Test
    void itKeepsACopyOfThePacketAndOfTheMetadataAtInjectTime() {
        TestInjector injector = new TestInjector();
        Object handle = injector.createHandle("nat");
        byte[] buffer = new byte[3 + SYN.length + 5];
        System.arraycopy(SYN, 0, buffer, 3, SYN.length);
        TestMetadata md = TestMetadata.of().flow(7);

        injector.inject(handle, Direction.OUTBOUND, buffer, 3, SYN.length, md);
        buffer[3 + 12] = 1;
        md.setFlowHandle(8);

        List<TestInjector.Injected> all = injector.injected();
        assertEquals(1, all.size());
        assertSame(handle, all.get(0).handle());
        assertEquals(Direction.OUTBOUND, all.get(0).direction());
        assertArrayEquals(SYN, all.get(0).packet(), "the bytes as they were, from offset for length");
        assertEquals(7, all.get(0).metadata().flowHandle(), "the metadata as it was: the shim reuses its own");
        assertEquals(List.of(new TestInjector.Handle("nat", 1)), injector.handles());
        assertEquals(1, injector.takeAll().size());
        assertEquals(List.of(), injector.takeAll(), "taken");
        assertEquals(1, injector.count());
        injector.inject(handle, Direction.INBOUND, SYN, 0, SYN.length, null);
        assertNull(injector.injected().get(0).metadata());
    }

    @Test
    void itRefusesWhatTheShimRefuses() {
        TestInjector injector = new TestInjector();
        Object handle = injector.createHandle("x");
        assertRefused("is not a handle of this injector", () -> injector.inject(new TestInjector().createHandle("x"),
                Direction.OUTBOUND, SYN, 0, SYN.length, null));
        assertRefused("is not a handle of this injector", () -> injector.inject(new TestInjector.Handle("x", 1),
                Direction.OUTBOUND, SYN, 0, SYN.length, null));
        assertRefused("direction is missing", () -> injector.inject(handle, null, SYN, 0, SYN.length, null));
        assertRefused("20 bytes or more inside the array", () -> injector.inject(handle, Direction.OUTBOUND, SYN, 30,
                SYN.length, null));
        assertRefused("IPv4 or IPv6 header", () -> injector.inject(handle, Direction.OUTBOUND, new byte[40], 0, 40,
                null));
        assertEquals(0, injector.count());
        assertEquals(List.of(), injector.injected());
    }

    @Test
    void itRefusesWhatAReceiverWouldDrop() {
        TestInjector injector = new TestInjector();
        Object handle = injector.createHandle("x");
        byte[] padded = Arrays.copyOf(SYN, SYN.length + 6);
        assertRefused("IPv4 total length 40 but 46 bytes injected", () -> injector.inject(handle,
                Direction.OUTBOUND, padded, 0, padded.length, null));
        byte[] badHeader = SYN.clone();
        badHeader[8]--; // TTL changed, header checksum not updated
        assertRefused("IPv4 header checksum", () -> injector.inject(handle, Direction.OUTBOUND, badHeader, 0,
                badHeader.length, null));
        byte[] badTcp = SYN.clone();
        badTcp[21]++; // source port changed, TCP checksum not updated
        assertRefused("TCP checksum 0x", () -> injector.inject(handle, Direction.OUTBOUND, badTcp, 0, badTcp.length,
                null));
        byte[] badIcmp6 = TestPacket.echo("2001:db8::2", "2001:db8::1", true, 7, 1).ipBytes();
        badIcmp6[40 + 4]++;
        assertRefused("ICMPv6 checksum", () -> injector.inject(handle, Direction.OUTBOUND, badIcmp6, 0,
                badIcmp6.length, null));
        byte[] longV6 = Arrays.copyOf(badIcmp6, badIcmp6.length + 2);
        assertRefused("IPv6 payload length 16 but 18 bytes follow", () -> injector.inject(handle,
                Direction.OUTBOUND, longV6, 0, longV6.length, null));
        byte[] noUdpChecksum6 = TestPacket.udp("2001:db8::2", 5, "2001:db8::1", 6, "x").ipBytes();
        Checksums.put16(noUdpChecksum6, 40 + 6, 0);
        assertRefused("UDP over IPv6 must carry a checksum", () -> injector.inject(handle, Direction.OUTBOUND,
                noUdpChecksum6, 0, noUdpChecksum6.length, null));
        assertEquals(0, injector.count());
    }

    @Test
    void itAcceptsWhatIsRightIncludingUdpWithoutChecksumOverIpv4AndFragmentsItCannotCheck() {
        TestInjector injector = new TestInjector();
        Object handle = injector.createHandle("x");
        byte[] noUdpChecksum = TestPacket.udp("10.0.0.5", 5, "198.51.100.7", 6, "x").ipBytes();
        Checksums.put16(noUdpChecksum, 20 + 6, 0);
        byte[] firstFragment = TestPacket.udp("10.0.0.5", 5, "198.51.100.7", 6, "xyz").ipBytes();
        firstFragment[6] = 0x20; // more fragments: the UDP checksum covers bytes this packet does not carry
        firstFragment[26]++;
        Checksums.fixIpv4Header(firstFragment, 0);
        byte[] gre = TestPacket.udp("10.0.0.5", 5, "198.51.100.7", 6, "x").ipBytes();
        gre[9] = 47;
        Checksums.fixIpv4Header(gre, 0);
        for (byte[] p : List.of(SYN, noUdpChecksum, firstFragment, gre,
                TestPacket.echo("2001:db8::2", "2001:db8::1", false, 7, 1).ipBytes())) {
            injector.inject(handle, Direction.INBOUND, p, 0, p.length, null);
        }
        assertEquals(5, injector.takeAll().size());
    }

    @Test
    void injectionStatesAreTheShims() {
        TestInjector injector = new TestInjector();
        Object mine = injector.createHandle("mine");
        Object other = injector.createHandle("other");
        assertEquals(InjectionState.NOT_INJECTED, injector.state(mine, TestMetadata.of()));
        assertEquals(InjectionState.NOT_INJECTED, injector.state(mine, null));
        assertEquals(InjectionState.INJECTED_BY_SELF, injector.state(mine, TestMetadata.of().setInjection(mine,
                null)));
        assertEquals(InjectionState.INJECTED_BY_OTHER, injector.state(mine, TestMetadata.of().setInjection(other,
                null)));
        assertEquals(InjectionState.PREVIOUSLY_INJECTED_BY_SELF, injector.state(mine, TestMetadata.of()
                .setInjection(other, mine)), "another callout's copy of my copy");
        assertEquals(InjectionState.INJECTED_BY_SELF, injector.state(mine, TestMetadata.of().setInjection(mine,
                mine)));
    }

    @Test
    void aFailingInjectorRefusesUntilToldOtherwise() {
        TestInjector injector = new TestInjector().failing(true);
        Object handle = injector.createHandle("x");
        assertRefused("cannot send", () -> injector.inject(handle, Direction.OUTBOUND, SYN, 0, SYN.length, null));
        injector.failing(false).inject(handle, Direction.OUTBOUND, SYN, 0, SYN.length, null);
        assertEquals(1, injector.count());
    }

    @Test
    void aDiscardingInjectorChecksAndCountsButKeepsAndAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean tb && tb.isThreadAllocatedMemorySupported(),
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) bean;
        tb.setThreadAllocatedMemoryEnabled(true);
        TestInjector injector = TestInjector.discarding();
        Object handle = injector.createHandle("x");
        TestMetadata md = TestMetadata.of().flow(1);
        byte[] bad = SYN.clone();
        bad[8]--;
        assertRefused("IPv4 header checksum", () -> injector.inject(handle, Direction.OUTBOUND, bad, 0, bad.length,
                md));
        for (int i = 0; i < 20_000; i++) {
            injector.inject(handle, Direction.OUTBOUND, SYN, 0, SYN.length, md); // warm up
        }
        long before = tb.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 20_000; i++) {
            injector.inject(handle, Direction.OUTBOUND, SYN, 0, SYN.length, md);
        }
        long allocated = tb.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(40_000, injector.count());
        assertEquals(List.of(), injector.injected());
        assertTrue(allocated < 4096, allocated + " bytes for 20000 packets");
    }

    private static void assertRefused(String what, Runnable inject) {
        WfpException e = assertThrows(WfpException.class, inject::run);
        assertEquals(ErrorCode.INVALID_PARAMETER, e.error());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertTrue(e.getMessage().startsWith("INVALID_PARAMETER: inject: ") && !e.getMessage().contains("\n"),
                e.getMessage());
    }
}
