package weir.engine.testing;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;

/**
 * {@link ClassifyOut} for a callout's tests: what the engine hands a callout on entry (D6), and what it wrote.
 *
 * <pre>
 * TestClassifyOut out = TestClassifyOut.writable();          // nothing decided yet, the callout may write
 * callout.classify(values, metadata, packet, filter, null, out);
 * assertEquals(ActionType.BLOCK, out.actionType());
 * assertFalse(out.hasWriteRight());                          // a hard BLOCK
 * </pre>
 */
public final class TestClassifyOut implements ClassifyOut {
    private ActionType action;
    private int rights;
    private int flags;
    private final ActionType entryAction;
    private final int entryRights;

    private TestClassifyOut(ActionType action, int rights) {
        this.entryAction = action;
        this.entryRights = rights;
        reset();
    }

    /** Nothing decided yet (CONTINUE) and the write right: a callout's usual entry. */
    public static TestClassifyOut writable() {
        return new TestClassifyOut(ActionType.CONTINUE, RIGHT_ACTION_WRITE);
    }

    /** A higher filter decided {@code action}; {@code hard}: it cleared the write right (the callout may only veto). */
    public static TestClassifyOut decided(ActionType action, boolean hard) {
        return new TestClassifyOut(action, hard ? 0 : RIGHT_ACTION_WRITE);
    }

    /** Back to how it was made, for tests that reuse one per packet as the engine does. */
    public TestClassifyOut reset() {
        action = entryAction;
        rights = entryRights;
        flags = 0;
        return this;
    }

    @Override
    public ActionType actionType() {
        return action;
    }

    @Override
    public void setActionType(ActionType a) {
        action = a;
    }

    @Override
    public int rights() {
        return rights;
    }

    @Override
    public void clearWriteRight() {
        rights &= ~RIGHT_ACTION_WRITE;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public void setAbsorb() {
        flags |= FLAG_ABSORB;
    }

    /** True when the callout changed nothing: the action and rights it was given. */
    public boolean untouched() {
        return action == entryAction && rights == entryRights && flags == 0;
    }

    @Override
    public String toString() {
        return action + (hasWriteRight() ? "" : " (write right cleared)") + (isAbsorb() ? " absorb" : "");
    }
}
