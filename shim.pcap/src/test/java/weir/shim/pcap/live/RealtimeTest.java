package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Realtime} asks the kernel for SCHED_FIFO for the calling thread alone, and what the kernel then
 * reports for that thread ({@code /proc/thread-self/stat}: policy and rt_priority) is what was asked; without
 * the permission it says why in one line and changes nothing.
 */
class RealtimeTest {
    /** A thread's policy (0 SCHED_OTHER, 1 SCHED_FIFO) and real-time priority, as the kernel reports them. */
    record Scheduling(int policy, int priority) {
        static Scheduling of(Path stat) throws IOException {
            String s = Files.readString(stat);
            // after the command name (which may hold spaces) come the fields from the third (state) on
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            return new Scheduling(Integer.parseInt(f[41 - 3]), Integer.parseInt(f[40 - 3]));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs Realtime.enter on a new thread; returns its result and the thread's scheduling afterwards. */
    private static Object[] enterOnNewThread(int priority) throws Exception {
        AtomicReference<Object[]> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                String why = Realtime.enter(priority);
                result.set(new Object[] {why, Scheduling.of(Path.of("/proc/thread-self/stat"))});
            } catch (IOException e) {
                result.set(new Object[] {e.toString(), null});
            }
        });
        t.start();
        t.join(10_000);
        return result.get();
    }

    @Test
    void asksForFifoForTheCallingThreadOnly() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "needs Linux's /proc");
        Assumptions.assumeTrue(isRoot(), "real-time scheduling needs root (CAP_SYS_NICE)");
        Object[] r = enterOnNewThread(7);
        assertNull(r[0], "refused: " + r[0]);
        assertEquals(new Scheduling(Realtime.SCHED_FIFO, 7), r[1]);
        // this thread was not touched
        assertEquals(0, Scheduling.of(Path.of("/proc/thread-self/stat")).policy());
    }

    @Test
    void easeLeavesFifoForNiceMinus20AndEnterComesBack() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "needs Linux's /proc");
        Assumptions.assumeTrue(isRoot(), "real-time scheduling needs root (CAP_SYS_NICE)");
        AtomicReference<Object[]> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Path stat = Path.of("/proc/thread-self/stat");
                String in = Realtime.enter(9);
                Scheduling fifo = Scheduling.of(stat);
                String out = Realtime.ease();
                Scheduling eased = Scheduling.of(stat);
                int nice = nice(stat);
                String back = Realtime.enter(9);
                result.set(new Object[] {in, fifo, out, eased, nice, back, Scheduling.of(stat)});
            } catch (IOException e) {
                result.set(new Object[] {e.toString()});
            }
        });
        t.start();
        t.join(10_000);
        Object[] r = result.get();
        assertNull(r[0], "refused: " + r[0]);
        assertEquals(new Scheduling(Realtime.SCHED_FIFO, 9), r[1]);
        assertNull(r[2], "ease refused: " + r[2]);
        assertEquals(new Scheduling(Realtime.SCHED_OTHER, 0), r[3], "eased: an ordinary thread");
        assertEquals(Realtime.NICE_MOST, r[4], "eased: at nice -20");
        assertNull(r[5]);
        assertEquals(new Scheduling(Realtime.SCHED_FIFO, 9), r[6], "back to FIFO");
        assertEquals(0, nice(Path.of("/proc/thread-self/stat")), "this thread was not touched");
    }

    /** The thread's nice value, as the kernel reports it (field 19 of stat). */
    private static int nice(Path stat) throws IOException {
        String s = Files.readString(stat);
        return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).trim().split(" ")[19 - 3]);
    }

    @Test
    void priorityZeroLeavesTheThreadOrdinary() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "needs Linux's /proc");
        Object[] r = enterOnNewThread(0);
        assertNull(r[0]);
        assertEquals(new Scheduling(0, 0), r[1]);
    }

    @Test
    void withoutPermissionSaysWhyInOneLine() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "needs Linux's /proc");
        Assumptions.assumeFalse(isRoot(), "as root the permission is there (asksForFifoForTheCallingThreadOnly)");
        Object[] r = enterOnNewThread(10);
        String why = (String) r[0];
        Assumptions.assumeTrue(why != null, "this user may use real-time priorities (RLIMIT_RTPRIO)");
        assertTrue(why.contains("CAP_SYS_NICE") && !why.contains("\n"), why);
        assertEquals(0, ((Scheduling) r[1]).policy());
    }
}
