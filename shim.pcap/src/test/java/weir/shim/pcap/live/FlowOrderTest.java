package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The rule a send ring keeps with a flow queue: a sparse flow's frame may leave ahead of the frames a send thread
 * still holds only when none of them is of its own bucket.
 */
class FlowOrderTest {
    @Test
    void aBucketWithNothingHandedOverMayGoAhead() {
        FlowOrder order = new FlowOrder(FlowQueue.BUCKETS);
        assertTrue(order.nothingWaits(7, 0));
    }

    @Test
    void aFrameOfABucketWaitsUntilItsLastHandedOverFrameIsSent() {
        FlowOrder order = new FlowOrder(FlowQueue.BUCKETS);
        order.handedOver(7, 0);
        order.handedOver(9, 1);
        order.handedOver(7, 2); // bucket 7's last frame at ring position 2
        assertFalse(order.nothingWaits(7, 0), "nothing of the ring sent yet");
        assertFalse(order.nothingWaits(7, 2), "positions 0 and 1 sent, 2 (bucket 7) not yet");
        assertTrue(order.nothingWaits(7, 3), "everything of bucket 7 sent");
        assertFalse(order.nothingWaits(9, 1), "bucket 9's frame at 1 not sent");
        assertTrue(order.nothingWaits(9, 2));
        assertTrue(order.nothingWaits(8, 0), "other buckets may overtake all of it");
    }
}
