package weir.launcher;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How Weir's JVM ends, and saying so when it was not Weir's choice. Weir ends itself in two ways only: the
 * launcher's own {@link #exiting exit} with its code, and SIGTERM, SIGINT or SIGHUP, which stop the framework
 * cleanly and exit 0. Anything else that ends the JVM (a {@code System.exit} from code that was not woven, e.g.
 * through reflection) is caught by a shutdown hook: it stops the framework, prints one line saying what ended
 * Weir as the last line on standard error, and exits 1. (A {@code Runtime.halt} runs no hook: nothing can
 * report it; deployed bundles' calls to it are woven away by weir.guard.)
 */
final class ExitWatch {
    /** The exit code when something other than Weir ended the JVM. */
    static final int EXIT_UNEXPECTED = 1;
    private static final String REFUSED_EXIT = "weir.guard.woven.ExitRefusedException";

    private static final AtomicBoolean WEIR_EXITS = new AtomicBoolean();
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

    private ExitWatch() {
    }

    /**
     * Installs the signal handlers, the shutdown hook and the handler of uncaught exceptions.
     *
     * @param stopFramework stops the framework and waits (bounded) until it has stopped
     */
    static void install(Runnable stopFramework, boolean stackTraces) {
        PrintStream err = System.err;
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal(stopFramework));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM keeps this signal (e.g. -Xrs): it ends the JVM through the shutdown hook below
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (WEIR_EXITS.get() || SIGNALLED.get()) {
                return;
            }
            String cause = cause();
            stopFramework.run();
            System.out.flush();
            err.println("weir: " + cause + ", not by Weir's own doing: Weir stopped; exit " + EXIT_UNEXPECTED);
            err.flush();
            Runtime.getRuntime().halt(EXIT_UNEXPECTED);
        }, "weir-exit-watch"));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (REFUSED_EXIT.equals(e.getClass().getName())) {
                return; // weir.guard refused a System.exit and said so in one line already
            }
            err.println("weir: thread '" + thread.getName() + "' ended by an uncaught " + e.getClass().getName()
                    + ": " + Main.oneLine(e) + (stackTraces ? "" : " (run with --stacktrace for details)"));
            if (stackTraces) {
                e.printStackTrace(err);
            }
        });
    }

    /** Weir itself ends the JVM now with {@code code}: returns the code to exit with (0 after a signal). */
    static int exiting(int code) {
        WEIR_EXITS.set(true);
        return SIGNALLED.get() ? 0 : code;
    }

    /** SIGTERM, SIGINT, SIGHUP: stop cleanly and exit 0, as documented. */
    private static void onSignal(Runnable stopFramework) {
        if (!SIGNALLED.compareAndSet(false, true)) {
            return;
        }
        stopFramework.run();
        System.out.flush();
        System.err.flush();
        System.exit(exiting(0));
    }

    /** What is ending the JVM, from the thread that called {@code Runtime.exit}, in words. */
    static String cause() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] frames = e.getValue();
            for (int i = 0; i < frames.length; i++) {
                if (!frames[i].getClassName().equals("java.lang.Shutdown") || !frames[i].getMethodName().equals("exit")) {
                    continue;
                }
                String call = "Runtime.exit";
                for (int j = i + 1; j < frames.length; j++) {
                    String cls = frames[j].getClassName();
                    if (cls.equals("java.lang.System") && frames[j].getMethodName().equals("exit")) {
                        call = "System.exit";
                    } else if (!cls.equals("java.lang.Runtime") && !cls.equals("java.lang.Shutdown")
                            && !cls.startsWith("jdk.internal.reflect.") && !cls.startsWith("java.lang.reflect.")
                            && !cls.startsWith("java.lang.invoke.")) {
                        if (cls.startsWith("java.lang.Terminator") || cls.startsWith("jdk.internal.misc.Signal")) {
                            return "a signal ended the JVM";
                        }
                        return call + " was called by " + frames[j] + " in thread '" + e.getKey().getName() + "'";
                    }
                }
            }
        }
        return "the JVM is shutting down";
    }
}
