package weir.engine.core.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import weir.engine.core.expr.Echo;

/**
 * A JSON document as a tree whose every node knows its line and column, read with jackson-core's streaming
 * parser. Comments and trailing commas are allowed (policy files are written by hand). A member name that
 * appears twice in one object is an error; the first one is kept.
 */
sealed interface Json {
    /** Where the node starts: a string's opening quote, an object's '{'. */
    Loc loc();

    /** What the node is, for messages ("a string", "an object", ...). */
    String kind();

    record Obj(Loc loc, Map<String, Member> members) implements Json {
        public String kind() {
            return "an object";
        }

        Member member(String name) {
            return members.get(name);
        }
    }

    /** A member: its name's position and its value. */
    record Member(String name, Loc nameLoc, Json value) {
    }

    record Arr(Loc loc, List<Json> items) implements Json {
        public String kind() {
            return "a list";
        }
    }

    record Str(Loc loc, String value) implements Json {
        public String kind() {
            return "a string";
        }
    }

    /** A number as written (no precision lost); {@code integral} when it has no fraction or exponent. */
    record Num(Loc loc, String text, boolean integral) implements Json {
        public String kind() {
            return "a number";
        }
    }

    record Bool(Loc loc, boolean value) implements Json {
        public String kind() {
            return value ? "true" : "false";
        }
    }

    record Null(Loc loc) implements Json {
        public String kind() {
            return "null";
        }
    }

    /**
     * The deepest nesting of lists and objects a policy may have. A policy needs 6 (the file, "filters", a
     * filter, "conditions", a condition, a RANGE value); the limit keeps a hostile file from exhausting the
     * stack of the thread that reads it.
     */
    int MAX_DEPTH = 32;

    /** The longest string a policy may hold: far more than any name, description or expression needs. */
    int MAX_STRING = 1_000_000;

    /** The longest number: a UINT64 has 20 digits. */
    int MAX_NUMBER = 100;

    JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            // Jackson's own limits sit behind Weir's (MAX_DEPTH is checked while reading, with its position)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 8)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(MAX_NUMBER)
                    .build())
            .build();

    /** The document, or null after a syntax error (recorded in {@code problems}). */
    static Json parse(String text, Problems problems) {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(text);
            if (p.nextToken() == null) {
                problems.add(new Loc(1, 1), "the file is empty: a policy is a JSON object { ... }");
                return null;
            }
            Json root = Reader.value(p, problems, 1);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                problems.add(loc(p.currentTokenLocation()), "unexpected content after the policy's closing '}'");
            }
            return root;
        } catch (Reader.TooDeep e) {
            problems.add(e.at, "lists and objects nested more than " + MAX_DEPTH + " deep: a policy needs at most 6 "
                    + "levels; is this the right file?");
            return null;
        } catch (StreamConstraintsException e) {
            // at the start of the string or number that is too long, not where Jackson gave up on it
            problems.add(p == null ? where(e, p) : tokenStart(p, text), Reader.limit(e.getOriginalMessage()));
            return null;
        } catch (JsonProcessingException e) {
            problems.add(where(e, p), "JSON syntax: " + Reader.clean(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Loc(1, 1), "cannot read: " + Reader.clean(e.getMessage()));
            return null;
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // a parser over a String has nothing to release
                }
            }
        }
    }

    /**
     * Where the token that broke a limit starts. Jackson reads a number whole before it reports it (the parser
     * then stands after it), a string only when asked for its text (the parser stands at its quote).
     */
    private static Loc tokenStart(JsonParser p, String text) {
        JsonLocation now = p.currentLocation();
        int end = (int) Math.min(now.getCharOffset(), text.length());
        int start = end;
        while (start > 0 && "0123456789+-.eE".indexOf(text.charAt(start - 1)) >= 0) {
            start--;
        }
        if (start == end || end < 0) {
            return loc(p.currentTokenLocation());
        }
        return new Loc(Math.max(1, now.getLineNr()), Math.max(1, now.getColumnNr() - (end - start)));
    }

    /** Where a parse error is: the exception's location, else where the parser stands. */
    private static Loc where(JsonProcessingException e, JsonParser p) {
        if (e.getLocation() != null) {
            return loc(e.getLocation());
        }
        return p == null ? new Loc(1, 1) : loc(p.currentLocation());
    }

    private static Loc loc(JsonLocation l) {
        return l == null ? new Loc(1, 1) : new Loc(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** The recursive descent over the token stream. */
    final class Reader {
        private Reader() {
        }

        /** Nesting beyond {@link Json#MAX_DEPTH}: the reading stops there. */
        static final class TooDeep extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient Loc at;

            TooDeep(Loc at) {
                super(null, null, false, false);
                this.at = at;
            }
        }

        static Json value(JsonParser p, Problems problems, int depth) throws IOException {
            Loc at = loc(p.currentTokenLocation());
            JsonToken t = p.currentToken();
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
                throw new TooDeep(at);
            }
            switch (t) {
                case START_OBJECT: {
                    Map<String, Member> m = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        Loc nameLoc = loc(p.currentTokenLocation());
                        p.nextToken();
                        Json v = value(p, problems, depth + 1);
                        Member first = m.get(name);
                        if (first != null) {
                            problems.add(nameLoc, "duplicate member \"" + Echo.of(name) + "\" (first at line " + first.nameLoc().line()
                                    + "): give each member once");
                        } else {
                            m.put(name, new Member(name, nameLoc, v));
                        }
                    }
                    return new Obj(at, m);
                }
                case START_ARRAY: {
                    List<Json> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(value(p, problems, depth + 1));
                    }
                    return new Arr(at, items);
                }
                case VALUE_STRING:
                    return new Str(at, p.getText());
                case VALUE_NUMBER_INT:
                    return new Num(at, p.getText(), true);
                case VALUE_NUMBER_FLOAT:
                    return new Num(at, p.getText(), false);
                case VALUE_TRUE:
                    return new Bool(at, true);
                case VALUE_FALSE:
                    return new Bool(at, false);
                case VALUE_NULL:
                    return new Null(at);
                default:
                    throw new IllegalStateException("unexpected token " + t);
            }
        }

        /**
         * Jackson's message in Weir's words: without its "[Source: ...]" location block (the caller prints the
         * position), without the names of Jackson's own settings (a user cannot set them), tokens cut to
         * {@link Echo#MAX} characters, one line.
         */
        static String clean(String m) {
            String s = m == null ? "malformed JSON" : m;
            int nl = s.indexOf('\n');
            s = nl >= 0 ? s.substring(0, nl) : s;
            s = s.replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, col $2");
            s = s.replaceAll("\\[Source: [^\\]]*\\]", "");
            int tick = s.indexOf('`');
            if (tick >= 0) {
                // "...: enable `JsonReadFeature.X` to allow" and "(from `StreamReadConstraints...`)" name Jackson's API
                int cut = Math.max(s.lastIndexOf(':', tick), Math.max(s.lastIndexOf(';', tick), s.lastIndexOf('(', tick)));
                s = cut > 0 ? s.substring(0, cut) : "malformed JSON";
            }
            Matcher q = QUOTED.matcher(s);
            StringBuilder b = new StringBuilder();
            while (q.find()) {
                q.appendReplacement(b, Matcher.quoteReplacement("'" + Echo.of(q.group(1)) + "'"));
            }
            q.appendTail(b);
            s = b.toString().replace("REDACTED", "").trim();
            while (s.endsWith(",") || s.endsWith(":") || s.endsWith(";")) {
                s = s.substring(0, s.length() - 1).trim();
            }
            return Echo.line(s.isEmpty() ? "malformed JSON" : s);
        }

        private static final Pattern QUOTED = Pattern.compile("'([^']{" + (Echo.MAX + 1) + ",})'");

        /** A {@code StreamConstraintsException}'s message as the limit it is about. */
        static String limit(String m) {
            String s = m == null ? "" : m;
            if (s.contains("NestingDepth")) {
                return "lists and objects nested more than " + MAX_DEPTH + " deep: a policy needs at most 6 levels; "
                        + "is this the right file?";
            } else if (s.contains("StringLength")) {
                return "a string longer than " + MAX_STRING + " characters: no name, description or expression "
                        + "needs that many; is this the right file?";
            } else if (s.contains("NumberLength")) {
                return "a number longer than " + MAX_NUMBER + " digits: the largest a policy holds (UINT64) has 20";
            } else if (s.contains("NameLength")) {
                return "a member name longer than the longest Weir reads; is this the right file?";
            }
            return "the file exceeds what a policy can hold (" + clean(s) + "); is this the right file?";
        }
    }
}
