package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import weir.engine.api.Direction;

/** A copy of a metadata holds every value the original held then, and not what the original is changed to later. */
class TestMetadataTest {

    @Test
    void aCopyKeepsEveryValueAndIsNotTheOriginal() {
        Object by = new Object();
        Object before = new Object();
        TestMetadata m = TestMetadata.of().flow(9).direction(Direction.INBOUND).setHeaderSizes(20, 8)
                .setTimestampNanos(123_456_789L).setInjection(by, before);

        TestMetadata c = TestMetadata.copyOf(m);
        m.clear();

        assertEquals(9, c.flowHandle());
        assertEquals(Direction.INBOUND, c.packetDirection());
        assertEquals(20, c.ipHeaderSize());
        assertEquals(8, c.transportHeaderSize());
        assertEquals(123_456_789L, c.timestampNanos());
        assertSame(by, c.injectedBy());
        assertSame(before, c.previouslyInjectedBy());
        assertEquals(0, m.flowHandle(), "the original was cleared, the copy was not");
    }
}
