package weir.callouts.nat;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;

/** A {@link ClassifyOut} as the engine hands one to a callout: the decision so far, the rights, the flags. */
final class MemoryClassifyOut implements ClassifyOut {
    private ActionType action;
    private int rights;
    private int flags;

    MemoryClassifyOut(ActionType action, int rights) {
        this.action = action;
        this.rights = rights;
    }

    /** What a callout sees when nothing decided yet and it may write (D6). */
    static MemoryClassifyOut fresh() {
        return new MemoryClassifyOut(ActionType.CONTINUE, RIGHT_ACTION_WRITE);
    }

    /** Back to what a callout sees first, for tests that reuse one (as the engine does per packet). */
    MemoryClassifyOut reset() {
        action = ActionType.CONTINUE;
        rights = RIGHT_ACTION_WRITE;
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
}
