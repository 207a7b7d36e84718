package weir.engine.core.callout;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;

/**
 * One registered callout and its statistics (D13). Counters are lock-free and the recording methods allocate
 * nothing, so the classify path can call them per packet. A re-registration makes a new Registration: the
 * counters and any quarantine start over.
 *
 * <p>Two runs quarantine a callout: the table's threshold of failures in a row, and its threshold of calls in a
 * row that each took longer than the time budget (WFP gives a callout no budget, but one slow callout must not
 * stall the engine unseen: the calls already made cannot be cut short, the next ones are not made).
 */
public final class Registration {
    /** Time-per-call histogram: 0..15 ns exact, then 4 buckets per power of two (about 25% resolution). */
    private static final int BUCKETS = 256;
    /** {@link #quarantineCause}: failures in a row. */
    public static final int FAILURES = 1;
    /** {@link #quarantineCause}: calls over the time budget in a row. */
    public static final int SLOW_CALLS = 2;

    private final CalloutTable table;
    private final UUID key;
    private final int calloutId;
    private final Callout callout;
    private final Object owner;
    private final int flags;
    private final boolean conditionalOnFlow;
    private final boolean hasFlowDelete;

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final LongAdder slowCalls = new LongAdder();
    private final AtomicInteger consecutiveSlowCalls = new AtomicInteger();
    private final SlowestCalls slowest = new SlowestCalls();
    private volatile boolean quarantined;
    /** Why it is quarantined: {@link #FAILURES} or {@link #SLOW_CALLS} (0 while it is not). */
    private volatile int quarantineCause;
    /** The last failure: a Throwable, or a String for unusable results; formatted only when read. */
    private volatile Object lastError;

    /** Flow contexts this callout holds (FlowTable); unregister is DEVICE_BUSY while above 0. */
    final AtomicInteger contexts = new AtomicInteger();
    /** Set by a successful unregister: associate backs out when it sees it. */
    volatile boolean retired;
    /**
     * Classify calls inside the callout right now. Unregistering waits for 0 before it returns, so a bundle
     * whose callout was unregistered can stop without a packet still running through its code.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set once the registration is on its way out: {@link #enter} refuses from then on. */
    private volatile boolean closed;

    Registration(CalloutTable table, UUID key, int calloutId, Callout callout, Object owner) {
        this.table = table;
        this.key = key;
        this.calloutId = calloutId;
        this.callout = callout;
        this.owner = owner;
        Set<CalloutFlag> f = callout.flags();
        int mask = 0;
        if (f != null) {
            for (CalloutFlag flag : f) {
                mask |= flag.code();
            }
        }
        this.flags = mask;
        this.conditionalOnFlow = (mask & CalloutFlag.CONDITIONAL_ON_FLOW.code()) != 0;
        this.hasFlowDelete = overridesFlowDelete(callout.getClass());
    }

    /** True iff something other than Callout's defaults implements flowDelete (either form) for this class. */
    private static boolean overridesFlowDelete(Class<?> c) {
        try {
            Method m = c.getMethod("flowDelete", Layer.class, int.class, Object.class);
            Method withReason = c.getMethod("flowDelete", Layer.class, int.class, Object.class, FlowEndReason.class);
            return m.getDeclaringClass() != Callout.class || withReason.getDeclaringClass() != Callout.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public UUID key() {
        return key;
    }

    public int calloutId() {
        return calloutId;
    }

    public Callout callout() {
        return callout;
    }

    /** Who registered it (the bundle, for releasing its registrations when it stops), or null. */
    public Object owner() {
        return owner;
    }

    /** The callout's flags as WFP's bit mask, read once at registration. */
    public int flags() {
        return flags;
    }

    public boolean conditionalOnFlow() {
        return conditionalOnFlow;
    }

    /** Whether the callout implements flowDelete (required to associate flow contexts, rule 27). */
    public boolean hasFlowDelete() {
        return hasFlowDelete;
    }

    /** Quarantined (D13): registered but treated as unregistered until reset or re-registered. */
    public boolean quarantined() {
        return quarantined;
    }

    /** Why it is quarantined: {@link #FAILURES}, {@link #SLOW_CALLS}, or 0 when it is not. */
    public int quarantineCause() {
        return quarantined ? quarantineCause : 0;
    }

    /** Flow contexts currently associated. */
    public int contexts() {
        return contexts.get();
    }

    // ---- quiescence (classify path: no allocation, no lock) ----

    /**
     * Before calling the callout's classify: false when the registration is being unregistered (then the
     * filter follows the unregistered rule and {@link #exit} must not be called). Counts first and checks
     * second, the mirror of {@link #close}, so a call either is seen by the unregistering thread or backs out.
     */
    public boolean enter() {
        inFlight.getAndIncrement();
        if (closed) {
            inFlight.getAndDecrement();
            return false;
        }
        return true;
    }

    /** After classify returned (or threw), for every {@link #enter} that returned true. */
    public void exit() {
        inFlight.getAndDecrement();
    }

    /** From now on {@link #enter} refuses. */
    void close() {
        closed = true;
    }

    /** Whether this registration was unregistered (or is being). */
    public boolean isClosed() {
        return closed;
    }

    /** After {@link #close}: waits until no classify call is inside the callout; false at the deadline. */
    boolean awaitIdle(long deadlineNanos) {
        return await(() -> inFlight.get() == 0, deadlineNanos);
    }

    /** Waits until no flow holds a context of this callout (a closing flow's flowDelete has returned). */
    boolean awaitContextsReleased(long deadlineNanos) {
        return await(() -> contexts.get() == 0, deadlineNanos);
    }

    /**
     * Spins briefly (calls are short), then parks in 0.1 ms steps. A deadline ({@link System#nanoTime}), so a
     * callout that blocks in classify or flowDelete cannot hold its unregistration up forever.
     */
    private static boolean await(BooleanSupplier done, long deadlineNanos) {
        for (int spins = 0; !done.getAsBoolean(); spins++) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            if (spins < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(100_000);
            }
        }
        return true;
    }

    /** Calls in flight now (diagnostics). */
    public int inFlight() {
        return inFlight.get();
    }

    // ---- recording (classify path: no allocation, no lock) ----

    /** A classify call, made by filter {@code filterId} at {@code layer}, that returned a usable result. */
    public void succeeded(long nanos, long filterId, Layer layer) {
        calls.increment();
        time(nanos, filterId, layer);
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /**
     * A classify call that threw ({@code error} is the Throwable) or returned nothing usable ({@code error} is
     * a constant message). Quarantines the callout after the table's threshold of failures in a row.
     */
    public void failed(Object error, long nanos, long filterId, Layer layer) {
        calls.increment();
        errors.increment();
        lastError = error;
        time(nanos, filterId, layer);
        if (consecutiveFailures.incrementAndGet() >= table.quarantineThreshold()) {
            quarantine(FAILURES);
        }
    }

    private void quarantine(int cause) {
        if (!quarantined) {
            quarantineCause = cause; // before the flag: whoever sees it quarantined sees why
            quarantined = true;
        }
    }

    /** flowDelete threw: counted as an error, but it does not count towards quarantine. */
    void flowDeleteFailed(Throwable t) {
        errors.increment();
        lastError = t;
    }

    void resetQuarantine() {
        consecutiveFailures.set(0);
        consecutiveSlowCalls.set(0);
        quarantined = false;
        quarantineCause = 0;
    }

    /** Time per call, the slowest calls, and D13's budget: quarantined after the table's run of slow calls. */
    private void time(long nanos, long filterId, Layer layer) {
        long n = Math.max(0, nanos);
        totalNanos.add(n);
        histogram.incrementAndGet(bucket(n));
        long m;
        while (n > (m = maxNanos.get()) && !maxNanos.compareAndSet(m, n)) {
            // retry: another thread raised the max
        }
        long budget = table.budgetNanos();
        boolean over = budget > 0 && n > budget;
        slowest.offer(n, filterId, layer, over);
        if (over) {
            slowCalls.increment();
            if (consecutiveSlowCalls.incrementAndGet() >= table.slowCallThreshold()) {
                quarantine(SLOW_CALLS);
            }
        } else if (consecutiveSlowCalls.get() != 0) {
            consecutiveSlowCalls.set(0);
        }
    }

    static int bucket(long n) {
        if (n < 16) {
            return (int) n;
        }
        int e = 63 - Long.numberOfLeadingZeros(n);
        int sub = (int) (n >>> (e - 2)) & 3;
        return 16 + (e - 4) * 4 + sub;
    }

    /** The largest value that falls into bucket {@code b}. */
    static long bucketMax(int b) {
        if (b < 16) {
            return b;
        }
        int e = (b - 16) / 4 + 4;
        long top = 5L + (b - 16) % 4;
        if (64 - Long.numberOfLeadingZeros(top) + e - 2 > 63) {
            return Long.MAX_VALUE; // the last bucket reaches the end of the long range
        }
        return (top << (e - 2)) - 1;
    }

    // ---- reading ----

    public long calls() {
        return calls.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Calls that took longer than the time budget in force when they returned. */
    public long slowCalls() {
        return slowCalls.sum();
    }

    /** The current run of calls over the budget. */
    public int consecutiveSlowCalls() {
        return consecutiveSlowCalls.get();
    }

    /** The slowest calls since registration, slowest first (allocates). */
    public List<CalloutStatistics.Call> slowestCalls() {
        return slowest.snapshot();
    }

    /** The last failure in one line, or "" when none. */
    public String lastError() {
        return describe(lastError);
    }

    /** A failure in one line: a Throwable's class and message, or an unusable result's message; "" for null. */
    public static String describe(Object e) {
        if (e == null) {
            return "";
        }
        if (e instanceof Throwable t) {
            String m = t.getMessage();
            return t.getClass().getName() + (m == null ? "" : ": " + m.replace('\n', ' '));
        }
        return e.toString();
    }

    public long meanNanos() {
        long c = calls.sum();
        return c == 0 ? 0 : totalNanos.sum() / c;
    }

    public long maxNanos() {
        return maxNanos.get();
    }

    /** The 99th percentile of the time per call, to the histogram's resolution (never above the max). */
    public long p99Nanos() {
        long total = 0;
        long[] h = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            h[i] = histogram.get(i);
            total += h[i];
        }
        if (total == 0) {
            return 0;
        }
        long target = (total * 99 + 99) / 100;
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += h[i];
            if (seen >= target) {
                return Math.min(bucketMax(i), maxNanos.get());
            }
        }
        return maxNanos.get();
    }

    /** The counters as the runtime view shows them. */
    public CalloutStatistics statistics() {
        return new CalloutStatistics(calls(), errors(), consecutiveFailures(), meanNanos(), p99Nanos(), maxNanos(),
                lastError(), slowCalls(), consecutiveSlowCalls(), slowestCalls());
    }

    @Override
    public String toString() {
        return "Registration[" + calloutId + " " + key + (quarantined ? " quarantined" : "") + "]";
    }
}
