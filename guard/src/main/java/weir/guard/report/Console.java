package weir.guard.report;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's console: one line per event on standard error (standard output carries only what a command
 * was asked for), each starting {@code weir: }. A line with a key is printed once for that key, so a file that
 * FileInstall retries every poll is reported once, not ten times a second.
 */
public final class Console {
    /** A message longer than this is cut: one line must stay one line on a terminal. */
    static final int MAX = 300;

    private final PrintStream err;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public Console(PrintStream err) {
        this.err = err;
    }

    /** Prints {@code weir: message}. */
    public void say(String message) {
        String line = oneLine(message);
        synchronized (err) {
            err.println("weir: " + line);
            err.flush();
        }
    }

    /** Prints {@code message} unless a line with this key was printed before; true when it printed. */
    public boolean sayOnce(String key, String message) {
        if (!said.add(key)) {
            return false;
        }
        say(message);
        return true;
    }

    /** Forgets a key, so that its next line is printed again (e.g. after the file changed). */
    public void forget(String key) {
        said.remove(key);
    }

    /** The first line of {@code text}, at most {@link #MAX} characters. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        return s.length() > MAX ? s.substring(0, MAX - 3) + "..." : s;
    }

    /** {@code SimpleName: message} of a throwable, one line. */
    public static String describe(Throwable t) {
        String m = Thrown.message(t);
        String name = Thrown.simpleName(t);
        return m == null || m.isBlank() ? name : name + ": " + oneLine(m);
    }
}
