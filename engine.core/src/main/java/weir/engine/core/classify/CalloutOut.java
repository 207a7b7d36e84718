package weir.engine.core.classify;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;

/** The engine's {@link ClassifyOut}: reset before each callout call, one per verdict (so per thread). */
final class CalloutOut implements ClassifyOut {
    private ActionType actionType;
    private int rights;
    private int flags;

    void reset(ActionType initial, boolean writable) {
        actionType = initial;
        rights = writable ? RIGHT_ACTION_WRITE : 0;
        flags = 0;
    }

    @Override
    public ActionType actionType() {
        return actionType;
    }

    @Override
    public void setActionType(ActionType action) {
        actionType = action;
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
