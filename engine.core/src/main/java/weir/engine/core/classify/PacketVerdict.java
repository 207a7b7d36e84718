package weir.engine.core.classify;

import weir.engine.core.events.ThreadCounters;

import weir.engine.api.ActionType;
import weir.engine.api.DecisionReason;
import weir.engine.api.Verdict;

/**
 * The engine's {@link Verdict}: written by classify without allocating. It also carries the thread's
 * scratch for callout calls ({@link CalloutOut}), so that classify needs nothing else per thread.
 */
public final class PacketVerdict implements Verdict {
    final CalloutOut calloutOut = new CalloutOut();
    /** Index scratch: the leaves a packet reaches and a cursor in each (FilterIndex, Arbitration). */
    final FilterIndex.Node[] lists = new FilterIndex.Node[FilterIndex.MAX_LISTS];
    final int[] cursors = new int[FilterIndex.MAX_LISTS];
    /** Per leaf reached: the packet's values of its columns (FilterIndex.Node#load), and the columns it lacks. */
    final long[] columnValues = new long[FilterIndex.MAX_LISTS * LeafColumns.MAX_COLUMNS];
    final int[] absent = new int[FilterIndex.MAX_LISTS];
    /** This verdict's thread's counters, of the engine that classifies into it (ClassifierImpl#counters). */
    ThreadCounters counters;

    // arbitration state while classify runs (spec §4's d): the thread's scratch, so classify allocates nothing
    /** NONE (0), PERMIT or BLOCK, as Arbitration's kind codes. */
    int current;
    boolean writable;
    long deciding;
    boolean absorb;
    boolean veto;
    DecisionReason why;

    // a what-if (ClassifierImpl.trace) changes no state: the callout call site leaves its call here instead
    /** Set by trace: callout calls are made and shown, never counted. */
    boolean whatIf;
    /** A live trace records this classification: the callout call site leaves each call's time, as for a what-if. */
    boolean traced;
    /** The what-if's last callout call: how long it took (-1: none since the Tracer looked) and its failure. */
    long calledNanos = -1;
    Object calledError;

    void begin() {
        current = Arbitration.NONE;
        writable = true;
        deciding = 0;
        absorb = false;
        veto = false;
        why = DecisionReason.NO_MATCH;
    }
    private ActionType action = ActionType.PERMIT;
    private boolean hard;
    private boolean absorbed;
    private long filterId;
    private boolean vetoed;
    private DecisionReason reason = DecisionReason.NO_MATCH;

    void set(ActionType action, boolean hard, boolean absorbed, long filterId, boolean vetoed, DecisionReason reason) {
        this.action = action;
        this.hard = hard;
        this.absorbed = absorbed;
        this.filterId = filterId;
        this.vetoed = vetoed;
        this.reason = reason;
    }

    @Override
    public ActionType action() {
        return action;
    }

    @Override
    public boolean hard() {
        return hard;
    }

    @Override
    public boolean absorbed() {
        return absorbed;
    }

    @Override
    public long filterId() {
        return filterId;
    }

    @Override
    public boolean vetoed() {
        return vetoed;
    }

    @Override
    public DecisionReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return action + (hard ? " hard" : " soft") + (absorbed ? " absorbed" : "") + (vetoed ? " vetoed" : "")
                + " filter " + filterId + " (" + reason + ")";
    }
}
