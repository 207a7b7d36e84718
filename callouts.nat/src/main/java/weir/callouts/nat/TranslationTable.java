package weir.callouts.nat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active translations, found by the tuple of either direction. The flow context is the fast way to a
 * packet's translation; the table is how a flow's first packet finds it when that flow is new to the shim
 * (replies arrive with the translated tuple, which the shim sees as a flow of its own). Reads are lock-free
 * ConcurrentHashMap gets; inserts happen once per new translation.
 */
final class TranslationTable {
    private final ConcurrentHashMap<FlowKey, Translation> byOriginal = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FlowKey, Translation> byReply = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    long nextId() {
        return ids.incrementAndGet();
    }

    /** The translation whose original tuple is {@code probe}, or null. */
    Translation original(FlowKey probe) {
        return byOriginal.get(probe);
    }

    /** The translation a reply with tuple {@code probe} belongs to, or null. */
    Translation reply(FlowKey probe) {
        return byReply.get(probe);
    }

    /**
     * Publishes a new translation. Returns it; or the one another thread published first for the same flow
     * (the new one's port is then given back); or null when its reply tuple is taken by another translation
     * (its port is given back too).
     */
    Translation publish(Translation t) {
        Translation first = byOriginal.putIfAbsent(t.originalKey, t);
        if (first != null) {
            t.rule.free(t);
            return first;
        }
        if (byReply.putIfAbsent(t.replyKey, t) != null) {
            byOriginal.remove(t.originalKey, t);
            t.rule.free(t);
            return null;
        }
        return t;
    }

    /** Gives back one reference; the last one removes the translation and frees its port. True if released. */
    boolean drop(Translation t) {
        if (!t.drop()) {
            return false;
        }
        byOriginal.remove(t.originalKey, t);
        byReply.remove(t.replyKey, t);
        t.rule.free(t);
        return true;
    }

    int size() {
        return byOriginal.size();
    }

    /** The active translations by id (for the shell). */
    List<Translation> snapshot() {
        List<Translation> list = new ArrayList<>(byOriginal.values());
        list.sort(Comparator.comparingLong(t -> t.id));
        return list;
    }
}
