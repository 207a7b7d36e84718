package weir.engine.core.expr;

/**
 * What a message may repeat of the user's text. An offending token can be a 100 KB line or hold control
 * characters; a message is one readable line, so it repeats at most {@link #MAX} characters of a token and
 * shows control characters as {@code \\uXXXX}.
 */
public final class Echo {
    /** The most characters of one token a message repeats. */
    public static final int MAX = 80;

    /** The longest message line: a safety net behind {@link #of} for every message that echoes text. */
    static final int LINE = 1000;

    private Echo() {
    }

    /** The text as a message repeats it: at most {@link #MAX} characters, control characters escaped. */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        boolean cut = text.length() > MAX;
        String s = cut ? text.substring(0, MAX - 20) : text;
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired(s, i)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(String.format("\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        String out = b == null ? s : b.toString();
        return cut ? out + "... (" + text.length() + " characters)" : out;
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * A whole message made safe to print as one line: control characters escaped, cut at {@link #LINE}
     * characters. The sites that echo the user's text clip it with {@link #of}; this only catches what slips by.
     */
    public static String line(String message) {
        if (message == null) {
            return "";
        }
        String s = message.length() > LINE ? message.substring(0, LINE - 3) + "..." : message;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                StringBuilder b = new StringBuilder(s.length() + 16);
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
                }
                return b.toString();
            }
        }
        return s;
    }
}
