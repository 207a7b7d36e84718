package weir.engine.core.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/**
 * Typed access to the members of one JSON object of a policy ("a filter", "a sublayer"), reporting every
 * misfit (unknown member, wrong type, missing member) into {@link Problems} and carrying on with null.
 */
final class ObjectReader {
    private final Json.Obj obj;
    private final String what;
    private final Problems problems;

    private ObjectReader(Json.Obj obj, String what, Problems problems) {
        this.obj = obj;
        this.what = what;
        this.problems = problems;
    }

    /** The node as an object of the given kind, or null (reported) when it is not an object. */
    static ObjectReader of(Json node, String what, Set<String> allowed, Problems problems) {
        if (!(node instanceof Json.Obj o)) {
            problems.add(node.loc(), what + " is an object { ... }, not " + node.kind());
            return null;
        }
        for (Json.Member m : o.members().values()) {
            if (!allowed.contains(m.name())) {
                problems.add(m.nameLoc(), "unknown member \"" + Echo.of(m.name()) + "\" in " + what
                        + Suggest.didYouMean(m.name(), allowed) + "; " + what + " has: " + String.join(", ", sorted(allowed)));
            }
        }
        return new ObjectReader(o, what, problems);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    Loc loc() {
        return obj.loc();
    }

    Problems problems() {
        return problems;
    }

    boolean has(String name) {
        return obj.member(name) != null;
    }

    /** The member's value, or null. */
    Json get(String name) {
        Json.Member m = obj.member(name);
        return m == null ? null : m.value();
    }

    /** Where the member's value starts, or the object's start when it is absent. */
    Loc locOf(String name) {
        Json.Member m = obj.member(name);
        return m == null ? obj.loc() : m.value().loc();
    }

    Loc nameLocOf(String name) {
        Json.Member m = obj.member(name);
        return m == null ? obj.loc() : m.nameLoc();
    }

    void error(String name, String message) {
        problems.add(locOf(name), message);
    }

    /** A required member is missing: said at the object's '{'. */
    void missing(String name, String example) {
        problems.add(obj.loc(), what + " needs \"" + name + "\"" + (example.isEmpty() ? "" : " (e.g. " + example + ")"));
    }

    /** A string member, or null (reported when required or not a string). */
    String string(String name, boolean required, String example) {
        Json v = get(name);
        if (v == null) {
            if (required) {
                missing(name, example);
            }
            return null;
        }
        if (v instanceof Json.Str s) {
            return s.value();
        }
        wrongType(name, v, "a string");
        return null;
    }

    boolean bool(String name) {
        Json v = get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Json.Bool b) {
            return b.value();
        }
        wrongType(name, v, "true or false");
        return false;
    }

    /** An integer member within [min, max], or null (reported when present and wrong). */
    BigInteger integer(String name, BigInteger min, BigInteger max) {
        Json v = get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Json.Num n) || !n.integral()) {
            wrongType(name, v, "a whole number " + min + ".." + max);
            return null;
        }
        BigInteger i = new BigInteger(n.text());
        if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
            error(name, "\"" + name + "\" " + i + " is out of range " + min + ".." + max);
            return null;
        }
        return i;
    }

    /** A GUID member, or null (reported when required or malformed). */
    UUID key(String name, boolean required) {
        String s = string(name, required, "\"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\"");
        if (s == null) {
            return null;
        }
        UUID k = PolicyFile.guid(s);
        if (k == null) {
            error(name, "\"" + Echo.of(s) + "\" is not a GUID (write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
        return k;
    }

    /** Bytes written as "0x..." hex, or null. */
    byte[] hex(String name) {
        String s = string(name, false, "");
        if (s == null) {
            return null;
        }
        if (!s.matches("0[xX]([0-9a-fA-F]{2})*")) {
            error(name, "\"" + name + "\" is bytes in hex: \"0x0102...\" (an even number of hex digits)");
            return null;
        }
        byte[] b = new byte[(s.length() - 2) / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(s.substring(2 + 2 * k, 4 + 2 * k), 16);
        }
        return b;
    }

    /** A list member (empty when absent; reported when not a list). */
    List<Json> list(String name) {
        Json v = get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Json.Arr a) {
            return a.items();
        }
        wrongType(name, v, "a list [ ... ]");
        return List.of();
    }

    void wrongType(String name, Json v, String expected) {
        problems.add(v.loc(), "\"" + name + "\" must be " + expected + ", not " + v.kind());
    }
}
