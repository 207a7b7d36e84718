package weir.shim.pcap.live;

/**
 * Controlled Delay (CoDel, RFC 8289) on a bridge's capture buffer. A buffer large enough for bursts is also
 * large enough to hold a standing queue: when Weir forwards more slowly than a TCP sender sends, TCP fills
 * whatever buffer there is (it backs off only on loss), and every frame behind, a ping or an interactive
 * session's, waits that long (bufferbloat: tens to hundreds of milliseconds for a buffer of megabytes).
 * CoDel tells the two apart by the time frames spent in the buffer (the kernel's arrival timestamp against
 * the clock when Weir reads them): a queue that drains within an interval is a burst and stays; one whose
 * frames have waited longer than the target for a whole interval is standing, and frames are dropped from
 * its head, at a rate that rises with the square root of the drops, until it is below the target again.
 * TCP senders see the loss and slow down; the delay stays near the target. Dropped frames are not judged
 * (they are shed, as frames beyond a full buffer are) and are counted.
 *
 * <p>One per capture buffer, on the packet thread; no allocation.
 */
final class CoDel {
    private final long target;
    private final long interval;
    private long firstAboveTime;
    private long dropNext;
    private int count;
    private int lastCount;
    private boolean dropping;
    private volatile long shed;

    /**
     * @param targetNanos the delay a standing queue is brought down to; 0 switches CoDel off
     * @param intervalNanos how long the delay must stay above the target before dropping starts (about the
     *            longest round trip of the flows through the bridge)
     */
    CoDel(long targetNanos, long intervalNanos) {
        this.target = targetNanos;
        this.interval = Math.max(1, intervalNanos);
    }

    /**
     * Whether to drop a frame that has waited {@code sojourn} nanoseconds when read at {@code now}.
     */
    boolean drop(long sojourn, long now) {
        if (target <= 0) {
            return false;
        }
        boolean okToDrop = false;
        if (sojourn < target) {
            firstAboveTime = 0;
        } else if (firstAboveTime == 0) {
            firstAboveTime = now + interval;
        } else if (now - firstAboveTime >= 0) {
            okToDrop = true;
        }
        if (dropping) {
            if (!okToDrop) {
                dropping = false;
                return false;
            }
            if (now - dropNext >= 0) {
                count++;
                dropNext = controlLaw(dropNext, count);
                shed = shed + 1;
                return true;
            }
            return false;
        }
        if (okToDrop) {
            dropping = true;
            // a queue that comes back soon after the last dropping state ended resumes near its drop rate
            int delta = count - lastCount;
            count = delta > 1 && now - dropNext < 16 * interval ? delta : 1;
            dropNext = controlLaw(now, count);
            lastCount = count;
            shed = shed + 1;
            return true;
        }
        return false;
    }

    /** The buffer was found empty: no standing queue. */
    void empty() {
        firstAboveTime = 0;
        dropping = false;
    }

    private long controlLaw(long t, int n) {
        return t + (long) (interval / Math.sqrt(n));
    }

    /** Frames dropped so far (any thread). */
    long shed() {
        return shed;
    }
}
