package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.CalloutFlag;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.NotifyType;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.Registration;

/**
 * The management side's calls into callouts' {@code notify} (spec §5, rules 24 and 25). Only registered
 * callouts are told anything: a filter added before its callout registered never produces an ADD_FILTER,
 * while every deleted filter produces a DELETE_FILTER for the callout registered at that moment (so deletes
 * may arrive without a matching add, as in WFP). Each call is counted in flight like a classify, so
 * unregistering waits for it and a callout being unregistered gets no notification.
 */
final class CalloutNotifier {
    private final CalloutTable table;
    private final EngineLog log;

    CalloutNotifier(CalloutTable table, EngineLog log) {
        this.table = table;
        this.log = log;
    }

    /** The calloutId of a key: stable for the engine's life, the same one a registration under it gets. */
    int idOf(UUID calloutKey) {
        return table.idOf(calloutKey);
    }

    /** The registration of a callout key, or null when nothing is registered under it. */
    Registration registration(UUID calloutKey) {
        return calloutKey == null ? null : table.lookup(calloutKey);
    }

    /**
     * ADD_FILTER: the callout may refuse the filter.
     *
     * @return the registration that accepted it, or null when the callout is not registered
     * @throws WfpException CALLOUT_NOTIFICATION_FAILED when the callout returned false or threw
     */
    Registration add(Filter f) {
        Registration r = registration(f.action().calloutKey());
        if (r == null || !r.enter()) {
            return null; // not registered, or being unregistered: no ADD (rule 24)
        }
        Throwable error = null;
        boolean accepted;
        try {
            accepted = r.callout().notify(NotifyType.ADD_FILTER, f.filterKey(), f);
        } catch (RuntimeException | LinkageError e) {
            accepted = false;
            error = e;
        } finally {
            r.exit();
        }
        if (!accepted) {
            String why = error == null ? "returned false" : "threw " + error;
            throw new WfpException(ErrorCode.CALLOUT_NOTIFICATION_FAILED, Describe.filter(f) + ": callout "
                    + f.action().calloutKey() + " refused it in notify(ADD_FILTER) (" + why
                    + "); nothing was added: change the filter to what the callout accepts, or check its log",
                    error);
        }
        return r;
    }

    /** DELETE_FILTER (filterKey null, as in WFP); the answer and any exception are ignored. */
    void delete(Filter f) {
        Registration r = registration(f.action().calloutKey());
        if (r == null || !r.enter()) {
            return;
        }
        try {
            r.callout().notify(NotifyType.DELETE_FILTER, null, f);
        } catch (RuntimeException | LinkageError e) {
            log.warn("weir: callout " + f.action().calloutKey() + " threw in notify(DELETE_FILTER) for "
                    + Describe.filter(f) + " (" + e + "); the filter is deleted anyway");
        } finally {
            r.exit();
        }
    }

    /** ADD_FILTER_POST_COMMIT, to callouts with ENABLE_COMMIT_ADD_NOTIFY that are (still) registered. */
    void postCommit(Filter f) {
        Registration r = registration(f.action().calloutKey());
        if (r == null || (r.flags() & CalloutFlag.ENABLE_COMMIT_ADD_NOTIFY.code()) == 0 || !r.enter()) {
            return;
        }
        try {
            r.callout().notify(NotifyType.ADD_FILTER_POST_COMMIT, f.filterKey(), f);
        } catch (RuntimeException | LinkageError e) {
            log.warn("weir: callout " + f.action().calloutKey() + " threw in notify(ADD_FILTER_POST_COMMIT) for "
                    + Describe.filter(f) + " (" + e + "); the filter stays committed");
        } finally {
            r.exit();
        }
    }
}
