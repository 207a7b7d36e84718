package weir.guard.report;

/**
 * A throwable's class name and message as they were thrown. The Felix log hands its listeners a stand-in for
 * any exception not of a {@code java.} class (so that a log entry keeps no uninstalled bundle's class alive):
 * its message is "ORIGINAL-CLASS: ORIGINAL-MESSAGE" and its cause a stand-in for the original cause.
 */
final class Thrown {
    private static final String STAND_IN = "org.apache.felix.log.LogException";

    private Thrown() {
    }

    static String className(Throwable t) {
        if (t.getClass().getName().equals(STAND_IN)) {
            String m = String.valueOf(t.getMessage());
            int colon = m.indexOf(": ");
            return colon > 0 ? m.substring(0, colon) : m;
        }
        return t.getClass().getName();
    }

    /** The original message, or null when there was none. */
    static String message(Throwable t) {
        if (t.getClass().getName().equals(STAND_IN)) {
            String m = String.valueOf(t.getMessage());
            int colon = m.indexOf(": ");
            String original = colon > 0 ? m.substring(colon + 2) : "";
            return original.equals("null") || original.isBlank() ? null : original;
        }
        return t.getMessage();
    }

    static String simpleName(Throwable t) {
        String name = className(t);
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
