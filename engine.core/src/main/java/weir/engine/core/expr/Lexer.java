package weir.engine.core.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens, each with its 1-based column. */
final class Lexer {

    enum Kind {
        WORD, STRING, EQ, NE, LT, GT, LE, GE, AND, OR, NOT, LPAREN, RPAREN, COMMA, DOTDOT, PIPE, END
    }

    /** One token; {@code text} is the word, the string's content (unescaped) or the operator as written. */
    record Token(Kind kind, String text, int col) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        /** How the token reads in a message. */
        String shown() {
            return switch (kind) {
                case END -> "the end";
                case STRING -> "\"" + Echo.of(text) + "\"";
                default -> "'" + Echo.of(text) + "'";
            };
        }
    }

    private final String s;
    private int i;
    private final List<Token> out = new ArrayList<>();

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> tokens(String text) {
        Lexer l = new Lexer(text);
        l.run();
        return l.out;
    }

    private void run() {
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                control(s.charAt(i), i + 1);
                i++;
            }
            if (i >= s.length()) {
                out.add(new Token(Kind.END, "", s.length() + 1));
                return;
            }
            int col = i + 1;
            char c = s.charAt(i);
            char n = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
            control(c, col);
            if (c == '"' || c == '\'') {
                string(c, col);
            } else if (isWordStart(c, n)) {
                word(col);
            } else if (c == '=' ) {
                op(n == '=' ? 2 : 1, Kind.EQ, col);
            } else if (c == '!') {
                op(n == '=' ? 2 : 1, n == '=' ? Kind.NE : Kind.NOT, col);
            } else if (c == '<') {
                op(n == '=' ? 2 : 1, n == '=' ? Kind.LE : Kind.LT, col);
            } else if (c == '>') {
                op(n == '=' ? 2 : 1, n == '=' ? Kind.GE : Kind.GT, col);
            } else if (c == '&' && n == '&') {
                op(2, Kind.AND, col);
            } else if (c == '|') {
                op(n == '|' ? 2 : 1, n == '|' ? Kind.OR : Kind.PIPE, col);
            } else if (c == '(') {
                op(1, Kind.LPAREN, col);
            } else if (c == ')') {
                op(1, Kind.RPAREN, col);
            } else if (c == ',') {
                op(1, Kind.COMMA, col);
            } else if (c == '.' && n == '.') {
                op(2, Kind.DOTDOT, col);
            } else if (c == '?' || c == ':') {
                throw new ExpressionException(col, "unexpected '" + c + "': WinDivert's (a ? b : c) cannot be "
                        + "expressed as WFP conditions; split it into several filters");
            } else if (c == '&') {
                throw new ExpressionException(col, "unexpected '&': join tests with 'and' or '&&'");
            } else {
                throw new ExpressionException(col, "unexpected character '" + Echo.of(String.valueOf(c)) + "'");
            }
        }
    }

    /**
     * NUL and other control characters (but the white space tab, line feed and carriage return) are refused
     * anywhere, strings included: no condition value needs one, and a filter that holds an invisible character
     * prints differently from what its author believes it says.
     */
    private static void control(char c, int col) {
        if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
            throw new ExpressionException(col, String.format("control character U+%04X: an expression is printable "
                    + "text; remove it", (int) c));
        }
    }

    private static boolean isWordStart(char c, char next) {
        // a leading ':' starts an IPv6 address (::1), a leading '-' a negative number
        return Character.isLetterOrDigit(c) || c == '_' || (c == ':' && next == ':') || (c == '-' && Character.isDigit(next));
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '/';
    }

    private void word(int col) {
        int start = i;
        i++;
        while (i < s.length() && isWordPart(s.charAt(i))) {
            // "1024..65535" and "10.0.0.1..10.0.0.9" are two words around '..'
            if (s.charAt(i) == '.' && i + 1 < s.length() && s.charAt(i + 1) == '.') {
                break;
            }
            i++;
        }
        String w = s.substring(start, i);
        Kind k = Kind.WORD;
        if (w.equalsIgnoreCase("and")) {
            k = Kind.AND;
        } else if (w.equalsIgnoreCase("or")) {
            k = Kind.OR;
        } else if (w.equalsIgnoreCase("not")) {
            k = Kind.NOT;
        }
        out.add(new Token(k, w, col));
    }

    private void op(int len, Kind kind, int col) {
        out.add(new Token(kind, s.substring(i, i + len), col));
        i += len;
    }

    /** Only {@code \\} and an escaped quote are escapes, so Windows paths need no doubling. */
    private void string(char quote, int col) {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == quote || s.charAt(i + 1) == '\\')) {
                b.append(s.charAt(i + 1));
                i += 2;
            } else if (c == quote) {
                i++;
                out.add(new Token(Kind.STRING, b.toString(), col));
                return;
            } else {
                control(c, i + 1);
                b.append(c);
                i++;
            }
        }
        throw new ExpressionException(col, "unterminated string: add the closing " + quote);
    }
}
