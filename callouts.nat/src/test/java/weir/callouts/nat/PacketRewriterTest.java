package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import weir.engine.api.Value;
import weir.engine.testing.TestPacket;

/**
 * RFC 1624 incremental updates against full recomputation: a packet rewritten in place must equal, byte for
 * byte, the same packet crafted from scratch with the new addresses and ports (whose checksums are computed
 * whole), over many random packets; and its checksums must verify with the API's {@code Checksums}.
 */
class PacketRewriterTest {
    private final Random random = new Random(1624);

    @Test
    void tcpRewritesEqualPacketsCraftedWithTheNewTuple() {
        for (int i = 0; i < 1000; i++) {
            String[] a = addresses();
            int[] p = ports();
            byte[] payload = payload();
            byte[] before = Packets.tcp(a[0], p[0], a[1], p[1], Packets.ACK, payload);
            byte[] after = Packets.tcp(a[2], p[2], a[3], p[3], Packets.ACK, payload);
            assertRewrite(before, after, a, p);
        }
    }

    @Test
    void udpRewritesEqualPacketsCraftedWithTheNewTupleIncludingChecksumZero() {
        for (int i = 0; i < 1000; i++) {
            String[] a = addresses();
            int[] p = ports();
            byte[] payload = payload();
            boolean withChecksum = i % 4 != 0;
            byte[] before = Packets.udp(a[0], p[0], a[1], p[1], payload, withChecksum);
            byte[] after = Packets.udp(a[2], p[2], a[3], p[3], payload, withChecksum);
            byte[] rewritten = assertRewrite(before, after, a, p);
            if (!withChecksum) {
                assertEquals(0, Packets.transportChecksum(rewritten));
            }
        }
    }

    @Test
    void icmpEchoRewritesEqualPacketsCraftedWithTheNewIdentifier() {
        for (int i = 0; i < 1000; i++) {
            String[] a = addresses();
            int id = random.nextInt(65536);
            int newId = random.nextInt(65536);
            byte[] payload = payload();
            boolean request = random.nextBoolean();
            byte[] before = Packets.icmpEcho(request, a[0], a[1], id, i, payload);
            byte[] after = Packets.icmpEcho(request, a[2], a[3], newId, i, payload);
            assertRewrite(before, after, a, new int[] {id, id, newId, newId});
        }
    }

    @Test
    void aUdpChecksumThatWouldBecomeZeroIsSentAsAllOnes() {
        // search a rewrite whose checksum computes to 0: RFC 768 sends it as 0xFFFF, and so must the update
        int found = 0;
        for (int port = 1; port < 65536 && found < 3; port++) {
            byte[] before = Packets.udp("10.0.0.5", 1000, "198.51.100.7", 53, new byte[] {1, 2, 3, 4}, true);
            byte[] after = Packets.udp("192.0.2.1", port, "198.51.100.7", 53, new byte[] {1, 2, 3, 4}, true);
            if (Packets.transportChecksum(after) == 0xFFFF) {
                found++;
                assertRewrite(before, after, new String[] {"10.0.0.5", "198.51.100.7", "192.0.2.1", "198.51.100.7"},
                        new int[] {1000, 53, port, 53});
            }
        }
        assertTrue(found > 0, "some port makes the checksum 0xFFFF");
    }

    private byte[] assertRewrite(byte[] before, byte[] expected, String[] a, int[] p) {
        PacketView view = new PacketView();
        assertEquals(PacketView.OK, view.parse(TestPacket.ip(before)));
        byte[] buf = before.clone();
        PacketRewriter.rewrite(buf, view, Packets.ip(a[2]), p[2], Packets.ip(a[3]), p[3]);
        assertArrayEquals(expected, buf, () -> a[0] + ":" + p[0] + " > " + a[1] + ":" + p[1] + " as " + a[2] + ":"
                + p[2] + " > " + a[3] + ":" + p[3]);
        assertTrue(Packets.ipv4HeaderChecksumValid(buf));
        if (!(buf[9] == 17 && Packets.transportChecksum(buf) == 0)) {
            assertTrue(Packets.transportChecksumValid(buf));
        }
        return buf;
    }

    /** Source, destination, new source, new destination; sometimes unchanged, as NAT changes one side. */
    private String[] addresses() {
        String src = address();
        String dst = address();
        return new String[] {src, dst, random.nextInt(3) == 0 ? src : address(), random.nextInt(3) == 0 ? dst
                : address()};
    }

    private int[] ports() {
        int sp = random.nextInt(65536);
        int dp = random.nextInt(65536);
        return new int[] {sp, dp, random.nextInt(3) == 0 ? sp : random.nextInt(65536), random.nextInt(3) == 0 ? dp
                : random.nextInt(65536)};
    }

    private String address() {
        // include the extremes, where one's complement arithmetic wraps
        switch (random.nextInt(8)) {
            case 0:
                return "0.0.0.0";
            case 1:
                return "255.255.255.255";
            default:
                return Value.formatV4(random.nextInt());
        }
    }

    private byte[] payload() {
        byte[] b = new byte[random.nextInt(40)];
        random.nextBytes(b);
        return b;
    }
}
