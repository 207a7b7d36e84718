package weir.engine.core.shell;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.Classifier;
import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.FlowContexts;

/** What the commands work with: the engine's services and the shell's engine sessions. */
final class Shell {
    private final FilterEngine engine;
    private final Classifier classifier;
    private final FlowContexts flows;
    private final Supplier<CalloutRuntime> runtime;
    private final ShellSessions sessions;
    /** Threads that follow events until interrupted: they end when the shell goes. */
    private final Set<Thread> followers = ConcurrentHashMap.newKeySet();

    Shell(FilterEngine engine, Classifier classifier, FlowContexts flows, Supplier<CalloutRuntime> runtime) {
        this.engine = engine;
        this.classifier = classifier;
        this.flows = flows;
        this.runtime = runtime;
        this.sessions = new ShellSessions(engine);
    }

    /** The engine session of this Gogo session. */
    EngineSession session(CommandSession shell) {
        return sessions.of(shell);
    }

    ShellSessions sessions() {
        return sessions;
    }

    FilterEngine engine() {
        return engine;
    }

    Classifier classifier() {
        return classifier;
    }

    FlowContexts flows() {
        return flows;
    }

    /** The callout runtime view, or null while no bundle provides it. */
    CalloutRuntime calloutRuntime() {
        return runtime.get();
    }

    /** A command that runs until interrupted (a follow) registers its thread, so that closing ends it. */
    void following(Thread t, boolean on) {
        if (on) {
            followers.add(t);
        } else {
            followers.remove(t);
        }
    }

    void close() {
        for (Thread t : followers) {
            t.interrupt();
        }
        sessions.close();
    }
}
