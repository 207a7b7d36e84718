package weir.engine.core.shell;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandSession;

import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.SessionOptions;

/**
 * One engine session per Gogo session, opened at its first {@code wfp:} command and closed with it, so that
 * each shell has its own transaction ({@code wfp:txn-begin}). The sessions are static, not dynamic: what a
 * shell adds stays when the shell goes (until deleted, or until Weir stops; persistent objects for good), as
 * an administrator expects of a command line. Closing aborts a transaction left open.
 *
 * <p>Gogo tells nobody when a session closes, so a reaper looks once a second (and every session is closed
 * when the shell component stops): otherwise an open transaction of a finished {@code -c} command or script
 * would hold the engine's writer lock for good.
 */
final class ShellSessions implements AutoCloseable {
    static final long REAP_MILLIS = 1000;

    private final FilterEngine engine;
    /** Keyed by identity: Gogo's sessions do not override equals. */
    private final Map<CommandSession, EngineSession> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ScheduledExecutorService reaper;

    ShellSessions(FilterEngine engine) {
        this.engine = engine;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weir-shell-sessions");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::reap, REAP_MILLIS, REAP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The engine session of a Gogo session, opened on first use. */
    EngineSession of(CommandSession shell) {
        return open.computeIfAbsent(shell,
                k -> engine.open(SessionOptions.named("shell " + count.incrementAndGet())));
    }

    /** Closes the engine sessions of Gogo sessions that closed. */
    void reap() {
        for (Map.Entry<CommandSession, EngineSession> e : open.entrySet()) {
            if (isClosed(e.getKey())) {
                open.remove(e.getKey());
                closeQuietly(e.getValue());
            }
        }
    }

    int size() {
        return open.size();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        for (EngineSession s : open.values()) {
            closeQuietly(s);
        }
        open.clear();
    }

    /**
     * Whether Gogo closed the session. The command API has no such question; Gogo's CommandSessionImpl keeps
     * it in a private field {@code closed}. Anything else counts as open.
     */
    static boolean isClosed(CommandSession s) {
        for (Class<?> c = s.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("closed");
                f.setAccessible(true);
                return f.getBoolean(s);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static void closeQuietly(EngineSession s) {
        try {
            s.close();
        } catch (RuntimeException e) {
            // the engine is stopping: its sessions close with it
        }
    }
}
