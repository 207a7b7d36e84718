package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A bridge's flow queue on real Ethernet frames built here: a sparse flow's frame overtakes a bulk flow's
 * backlog, no flow's frames are ever reordered, a datagram's fragments stay in one flow, frames that are not
 * Ethernet keep plain arrival order, and a full queue takes nothing more.
 */
class FlowQueueTest {
    private static final int SNAP = 1532;
    private static final int ETHERNET = 1;

    /** An Ethernet/IPv4 frame: protocol, addresses' last bytes, ports, a marker byte in the payload. */
    private static byte[] ipv4(int protocol, int src, int dst, int sport, int dport, int marker, int fragment) {
        byte[] f = new byte[14 + 20 + 8 + 2];
        f[12] = 0x08;
        f[14] = 0x45;
        f[20] = (byte) (fragment >> 8);
        f[21] = (byte) fragment;
        f[23] = (byte) protocol;
        f[26] = 10;
        f[29] = (byte) src;
        f[30] = 10;
        f[33] = (byte) dst;
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        f[f.length - 1] = (byte) marker;
        return f;
    }

    private static byte[] tcp(int sport, int marker) {
        return ipv4(6, 1, 2, sport, 5201, marker, 0);
    }

    private static byte[] icmp(int marker) {
        return ipv4(1, 1, 2, 0x0800, 0x1234, marker, 0);
    }

    private static void add(FlowQueue q, byte[] frame) {
        int i = q.claim();
        System.arraycopy(frame, 0, q.arena(), q.offset(i), frame.length);
        q.commit(i, frame.length, frame.length, 0);
    }

    /** Takes every frame as the packet thread does (sparse first, then bulk) and returns their markers. */
    private static List<Integer> drain(FlowQueue q) {
        List<Integer> out = new ArrayList<>();
        for (;;) {
            int i = q.nextSparse();
            if (i < 0) {
                i = q.nextBulk();
            }
            if (i < 0) {
                return out;
            }
            out.add(q.arena()[q.offset(i) + q.length(i) - 1] & 0xFF);
            q.release(i);
        }
    }

    @Test
    void aPingOvertakesATcpBurstWhoseFramesKeepTheirOrder() {
        FlowQueue q = new FlowQueue(2048, SNAP, ETHERNET);
        for (int n = 0; n < 200; n++) {
            add(q, tcp(40000, n));
        }
        add(q, icmp(250));
        List<Integer> order = drain(q);
        assertEquals(201, order.size());
        // the TCP flow's first frame came when nothing waited; the ping came next after it
        assertEquals(List.of(0, 250), order.subList(0, 2));
        List<Integer> tcp = new ArrayList<>(order);
        tcp.remove(Integer.valueOf(250));
        for (int n = 0; n < 200; n++) {
            assertEquals(n, tcp.get(n), "the TCP flow's frames in their order");
        }
        assertEquals(0, q.size());
    }

    @Test
    void framesOfOneFlowAreNeverReorderedWhateverTheInterleaving() {
        FlowQueue q = new FlowQueue(4096, SNAP, ETHERNET);
        // three flows interleaved, taking frames out between additions as a busy packet thread does
        int[] next = new int[3];
        List<int[]> seen = new ArrayList<>();
        for (int round = 0; round < 300; round++) {
            int flow = round % 3 == 0 ? 0 : round % 7 == 0 ? 2 : 1;
            add(q, ipv4(17, 1, 2, 1000 + flow, 53, flow * 100 + next[flow]++ % 100, 0));
            if (round % 5 == 4) {
                for (int k = 0; k < 2; k++) {
                    int i = q.nextSparse();
                    if (i < 0) {
                        i = q.nextBulk();
                    }
                    if (i >= 0) {
                        int m = q.arena()[q.offset(i) + q.length(i) - 1] & 0xFF;
                        seen.add(new int[] {m / 100, m % 100});
                        q.release(i);
                    }
                }
            }
        }
        for (int m : drain(q)) {
            seen.add(new int[] {m / 100, m % 100});
        }
        int[] expect = new int[3];
        for (int[] s : seen) {
            assertEquals(expect[s[0]]++ % 100, s[1], "flow " + s[0] + " in order");
        }
        assertEquals(300, seen.size());
    }

    @Test
    void fragmentsOfADatagramShareTheirFlowAndTheFirstCarriesNoPortsInTheHash() {
        byte[] first = ipv4(17, 1, 2, 1000, 53, 0, 0x2000); // more fragments
        byte[] later = ipv4(17, 1, 2, 0x4142, 0x4344, 0, 185); // an offset: payload bytes where ports were
        assertEquals(FlowQueue.bucket(first, 0, first.length), FlowQueue.bucket(later, 0, later.length));
        byte[] whole = ipv4(17, 1, 2, 1000, 53, 0, 0);
        byte[] otherPort = ipv4(17, 1, 2, 1001, 53, 0, 0);
        assertNotEquals(FlowQueue.bucket(whole, 0, whole.length), FlowQueue.bucket(otherPort, 0, otherPort.length));
    }

    @Test
    void otherLinkTypesKeepArrivalOrder() {
        FlowQueue q = new FlowQueue(64, SNAP, 113); // Linux cooked capture: not parsed, one flow
        for (int n = 0; n < 20; n++) {
            add(q, n % 4 == 0 ? icmp(n) : tcp(40000 + n, n));
        }
        List<Integer> order = drain(q);
        for (int n = 0; n < 20; n++) {
            assertEquals(n, order.get(n));
        }
    }

    @Test
    void aFullQueueTakesNothingMoreAndATruncatedFrameIsHashedSafely() {
        FlowQueue q = new FlowQueue(8, SNAP, ETHERNET);
        for (int n = 0; n < 8; n++) {
            add(q, tcp(40000, n));
        }
        assertTrue(q.full());
        assertEquals(8, q.size());
        int i = q.nextSparse();
        assertTrue(i >= 0, "the flow's first frame is the sparse one");
        q.release(i);
        assertEquals(7, q.size());
        for (int len = 0; len <= 44; len++) {
            int b = FlowQueue.bucket(tcp(40000, 0), 0, len);
            assertTrue(b >= 0 && b < FlowQueue.BUCKETS);
        }
    }

    @Test
    void theArenaIsBoundedForLargeFrames() {
        FlowQueue q = new FlowQueue(65_536, 9_032, ETHERNET);
        assertTrue((long) q.capacity() * 9_040 <= FlowQueue.MAX_BYTES, "jumbo frames: fewer slots");
        assertEquals(2048, new FlowQueue(2048, SNAP, ETHERNET).capacity());
    }
}
