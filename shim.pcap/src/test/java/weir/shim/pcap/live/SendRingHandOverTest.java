package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When a bridge with a flow queue hands a turn's frames to the send thread: only heavy turns, and of those the
 * ones that are dear to send (many bytes, or frames that each cost the packet thread long); a flood of small,
 * cheap datagrams stays with the packet thread.
 */
class SendRingHandOverTest {
    @Test
    void aLightTurnStaysWithThePacketThread() {
        assertFalse(SendRing.handOver(SendRing.HEAVY_QUEUED - 1, 3 * 1514, 50_000));
    }

    @Test
    void fullSizeSegmentsAreHandedOver() {
        assertTrue(SendRing.handOver(SendRing.HEAVY_QUEUED, SendRing.HEAVY_QUEUED * 1514, 7_000));
    }

    @Test
    void smallButDearFramesAreHandedOver() {
        // a TCP flow's acknowledgements: 66 bytes, but each runs the sender's transmit inside the send
        assertTrue(SendRing.handOver(SendRing.HEAVY_QUEUED, SendRing.HEAVY_QUEUED * 66, 24_000));
    }

    @Test
    void aFloodOfSmallCheapDatagramsStays() {
        assertFalse(SendRing.handOver(SendRing.HEAVY_QUEUED, SendRing.HEAVY_QUEUED * 64, 4_000));
    }

    @Test
    void oneSendHeldUpDoesNotHandAFloodOver() {
        long average = 4_000;
        average += (SendRing.cost(1_000_000) - average) >> 3; // one send of a cheap flood held up for a millisecond
        assertFalse(SendRing.handOver(SendRing.HEAVY_QUEUED, SendRing.HEAVY_QUEUED * 64, average), average + " ns");
    }
}
