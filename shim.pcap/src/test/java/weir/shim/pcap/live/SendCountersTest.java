package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * With send threads, an interface's refusals are counted by two threads: the packet thread refuses frames
 * larger than the interface takes, the sender counts what the kernel refuses. Neither count may be lost.
 */
class SendCountersTest {
    private static final int EACH = 2_000_000;

    @Test
    void refusalsCountedByTwoThreadsAtOnceAreAllCounted() throws Exception {
        SendCounters counters = new SendCounters();
        CountDownLatch start = new CountDownLatch(1);
        Thread packetThread = new Thread(() -> refuse(counters, start, Posix.EMSGSIZE));
        Thread sender = new Thread(() -> refuse(counters, start, 100 /* ENETDOWN: the interface went down */));
        packetThread.start();
        sender.start();
        start.countDown();
        packetThread.join();
        sender.join();
        assertEquals(2L * EACH, counters.failed(), "refusals counted");
        assertEquals(EACH, counters.tooLarge(), "of them, frames too large");
        assertEquals(0, counters.sent());
    }

    private static void refuse(SendCounters counters, CountDownLatch start, int errno) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < EACH; i++) {
            counters.failed(errno);
        }
    }
}
