package weir.guard.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleException;

import weir.guard.woven.ExitRefusedException;

/** Why a bundle did not start, in one line, from the framework's exception: like Karaf's {@code bundle:diag}. */
public final class StartFailure {
    /**
     * Felix: "missing requirement [bsn [id](R id.0)] NAMESPACE; FILTER" (then, maybe, "Unresolved requirements:
     * ..." or "[caused by: ...]"); the bundle part holds brackets of its own, so the namespace is found after "] ".
     */
    private static final Pattern MISSING = Pattern.compile("missing requirement \\[.*?\\]\\s+([\\w.\\-]+);\\s+"
            + "(\\(.*?\\))(?=\\s+Unresolved requirements:|\\s+\\[caused by:|\\s*$)");
    private static final Pattern PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([^)\\s]+)");

    private StartFailure() {
    }

    static String of(Throwable t) {
        String message = Thrown.message(t);
        if (!Thrown.className(t).equals(BundleException.class.getName())) {
            return Console.describe(t);
        }
        boolean unresolved = t instanceof BundleException b ? b.getType() == BundleException.RESOLVE_ERROR
                : message != null && message.startsWith("Unable to resolve");
        if (unresolved) {
            return "cannot resolve: " + unresolved(message);
        }
        Throwable cause = t.getCause();
        if (cause == null) {
            return Console.oneLine(message);
        }
        if (Thrown.className(cause).equals(ExitRefusedException.class.getName())) {
            String refused = String.valueOf(Thrown.message(cause));
            int end = refused.indexOf(" refused");
            return "its activator called " + (end > 0 ? refused.substring(0, end) : refused) + ", which Weir refused";
        }
        return "its activator threw " + Console.describe(cause);
    }

    /** Why FileInstall could not install or update a file: the framework's message, or the exception. */
    static String plain(Throwable t) {
        if (!Thrown.className(t).equals(BundleException.class.getName())) {
            return Console.describe(t);
        }
        String m = Console.oneLine(Thrown.message(t));
        return t.getCause() == null ? m : m + ": " + Console.describe(t.getCause());
    }

    /** The first missing requirement, e.g. "needs package com.acme.missing (version>=1.0.0), which nothing exports". */
    static String unresolved(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        Matcher r = MISSING.matcher(nl < 0 ? m : m.substring(0, nl));
        if (!r.find()) {
            return Console.oneLine(m);
        }
        return missing(r.group(1), r.group(2).strip());
    }

    /** A requirement no bundle provides, in words: "needs package com.acme.x (version>=1.0.0), which ...". */
    public static String missing(String namespace, String filter) {
        if (namespace.equals("osgi.wiring.package")) {
            Matcher p = PACKAGE.matcher(filter);
            if (p.find()) {
                String rest = filter.replace("(osgi.wiring.package=" + p.group(1) + ")", "")
                        .replaceAll("^\\(&|\\)$", "").strip();
                return "needs package " + p.group(1) + (rest.isEmpty() ? "" : " " + rest)
                        + ", which no bundle exports";
            }
        }
        return "missing " + namespace + " " + filter;
    }
}
