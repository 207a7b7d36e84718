package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;

/**
 * A small real callout for tests: returns a fixed action, optionally clears the write right or absorbs, and
 * records every call. {@code politely}: without the write right it leaves the action alone (what WFP's
 * samples do); otherwise it writes its action anyway (a BLOCK then is a veto attempt).
 */
class TestCallout implements Callout {
    /** One call as the callout saw it. */
    record Call(long filterId, ActionType initial, int rights, Object flowContext) {
    }

    final List<Call> calls = new ArrayList<>();
    final List<Object> deleted = new ArrayList<>();
    private final ActionType result;
    private boolean clearRight;
    private boolean absorb;
    private boolean politely;
    private RuntimeException failure;
    private Set<CalloutFlag> flags = Set.of();

    TestCallout(ActionType result) {
        this.result = result;
    }

    static TestCallout returning(ActionType a) {
        return new TestCallout(a);
    }

    TestCallout clearingRight() {
        clearRight = true;
        return this;
    }

    TestCallout absorbing() {
        absorb = true;
        return this;
    }

    TestCallout politely() {
        politely = true;
        return this;
    }

    TestCallout throwing(RuntimeException e) {
        failure = e;
        return this;
    }

    TestCallout withFlags(CalloutFlag... f) {
        flags = Set.of(f);
        return this;
    }

    @Override
    public Set<CalloutFlag> flags() {
        return flags;
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        calls.add(new Call(filter.filterId(), out.actionType(), out.rights(), flowContext));
        if (failure != null) {
            throw failure;
        }
        if (politely && !out.hasWriteRight()) {
            return;
        }
        out.setActionType(result);
        if (clearRight) {
            out.clearWriteRight();
        }
        if (absorb) {
            out.setAbsorb();
        }
    }

    @Override
    public void flowDelete(Layer layer, int calloutId, Object flowContext) {
        deleted.add(flowContext);
    }

    List<Long> calledFilters() {
        List<Long> ids = new ArrayList<>();
        for (Call c : calls) {
            ids.add(c.filterId());
        }
        return ids;
    }
}
