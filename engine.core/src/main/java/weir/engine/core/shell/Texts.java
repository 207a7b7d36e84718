package weir.engine.core.shell;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import weir.engine.api.FilterFlag;
import weir.engine.api.Weight;

/** How the shell writes weights, flags and words so that they read back ({@link Values} reads them). */
final class Texts {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.:,/@+-]+");

    private Texts() {
    }

    /** {@code auto}, a UINT64 weight as a number, or {@code range:N}. */
    static String weight(Weight w) {
        if (w instanceof Weight.Exact e) {
            return Long.toUnsignedString(e.value());
        }
        if (w instanceof Weight.InRange r) {
            return "range:" + r.range();
        }
        return "auto";
    }

    /** The 64-bit effective weight in hex, all 16 digits, so that columns line up and the range nibble shows. */
    static String effectiveWeight(long w) {
        String h = Long.toHexString(w);
        return "0x" + "0".repeat(16 - h.length()) + h;
    }

    /** Flag names, sorted, comma-separated (as {@code --flags} takes them). */
    static String flags(Set<FilterFlag> flags) {
        Set<String> names = new TreeSet<>();
        for (FilterFlag f : flags) {
            names.add(f.name());
        }
        return String.join(",", names);
    }

    /**
     * A word for Gogo's command line: bare when safe, else in single quotes, inside which Gogo takes every
     * character as it is. A single quote itself goes outside them, escaped: {@code 'it'\''s'} (Gogo reads a
     * bare {@code '} inside double quotes as the start of a quote).
     */
    static String quote(String s) {
        if (!s.isEmpty() && BARE.matcher(s).matches() && !s.startsWith("-")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** "1 filter", "2 filters". */
    static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** A count list such as "3 filters, 1 sublayer" (zero counts left out; "nothing" when all are zero). */
    static String counts(Object... pairs) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < pairs.length; k += 2) {
            long n = ((Number) pairs[k]).longValue();
            if (n != 0) {
                parts.add(count(n, (String) pairs[k + 1]));
            }
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    /** What went wrong with a file, in words: "no such file (/abs/path)", "permission denied (/abs/path)". */
    static String ioProblem(IOException e, Path path) {
        String what;
        if (e instanceof NoSuchFileException) {
            what = "no such file";
        } else if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            what = f.getReason();
        } else {
            what = e.getMessage() == null ? "input/output error" : e.getMessage();
        }
        return what + " (" + path.toAbsolutePath() + ")";
    }

    /** Nanoseconds as a short duration: 850ns, 12.5us, 3.2ms. */
    static String nanos(long n) {
        if (n < 1_000) {
            return n + "ns";
        }
        if (n < 1_000_000) {
            return String.format("%.1fus", n / 1e3);
        }
        return String.format("%.1fms", n / 1e6);
    }
}
