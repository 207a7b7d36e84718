package weir.engine.core.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

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

    JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** The document, or null after a syntax error (recorded in {@code problems}). */
    static Json parse(String text, Problems problems) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                problems.add(new Loc(1, 1), "the file is empty: a policy is a JSON object { ... }");
                return null;
            }
            Json root = Reader.value(p, problems);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                problems.add(loc(p.currentTokenLocation()), "unexpected content after the policy's closing '}'");
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(loc(e.getLocation()), "JSON syntax: " + Reader.clean(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Loc(1, 1), "cannot read: " + e.getMessage());
            return null;
        }
    }

    private static Loc loc(JsonLocation l) {
        return l == null ? new Loc(1, 1) : new Loc(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** The recursive descent over the token stream. */
    final class Reader {
        private Reader() {
        }

        static Json value(JsonParser p, Problems problems) throws IOException {
            Loc at = loc(p.currentTokenLocation());
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT: {
                    Map<String, Member> m = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        Loc nameLoc = loc(p.currentTokenLocation());
                        p.nextToken();
                        Json v = value(p, problems);
                        Member first = m.get(name);
                        if (first != null) {
                            problems.add(nameLoc, "duplicate member \"" + name + "\" (first at line " + first.nameLoc().line()
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
                        items.add(value(p, problems));
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

        /** Jackson's message without its "[Source: ...]" location block (the caller prints the position). */
        static String clean(String m) {
            String s = m == null ? "malformed JSON" : m;
            s = s.replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, col $2");
            int nl = s.indexOf('\n');
            return nl >= 0 ? s.substring(0, nl) : s;
        }
    }
}
