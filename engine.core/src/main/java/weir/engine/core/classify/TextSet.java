package weir.engine.core.classify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * The values of one blob or string field that a group of conditions accepts. A blob is held as a string of
 * chars 0..255 (one per byte), so one String order serves both: UTF-16 units for strings, unsigned bytes for
 * blobs. Overlap is decided by searching witnesses built from the conditions' values (exact for equality,
 * case-insensitive equality, suffix and not-suffix tests, and for one ordering test with one of them);
 * containment is decided per condition and is conservative: a condition covered only by several others
 * together is reported as not contained.
 */
final class TextSet {
    /** One condition. For ordering tests, lo/hi are the bounds ({@code null} = unbounded). */
    record Atom(MatchType op, String s, String lo, boolean loOpen, String hi, boolean hiOpen) {
        boolean test(String x) {
            return switch (op) {
                case EQUAL -> x.equals(s);
                case NOT_EQUAL -> !x.equals(s);
                case EQUAL_CASE_INSENSITIVE -> x.equalsIgnoreCase(s);
                case PREFIX -> x.endsWith(s);
                case NOT_PREFIX -> !x.endsWith(s);
                default -> inInterval(x);
            };
        }

        boolean isInterval() {
            return op == MatchType.RANGE;
        }

        private boolean inInterval(String x) {
            if (lo != null) {
                int c = x.compareTo(lo);
                if (c < 0 || (c == 0 && loOpen)) {
                    return false;
                }
            }
            if (hi != null) {
                int c = x.compareTo(hi);
                return c < 0 || (c == 0 && !hiOpen);
            }
            return true;
        }
    }

    final boolean empty;
    final boolean all;
    final List<Atom> atoms;
    private final char maxChar;

    private TextSet(boolean empty, boolean all, List<Atom> atoms, char maxChar) {
        this.empty = empty;
        this.all = all;
        this.atoms = atoms;
        this.maxChar = maxChar;
    }

    static TextSet universe(boolean blob) {
        return new TextSet(true, true, List.of(), blob ? (char) 0xFF : (char) 0xFFFF);
    }

    static TextSet of(boolean blob, List<MatchType> matchTypes, List<Value> values) {
        boolean empty = false;
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            MatchType m = matchTypes.get(i);
            if (v instanceof Value.Empty) {
                empty |= m == MatchType.EQUAL;
            } else if (v instanceof Value.Range r) {
                String lo = text(blob, r.low());
                String hi = text(blob, r.high());
                if (lo != null && hi != null) {
                    atoms.add(normal(new Atom(MatchType.RANGE, null, lo, false, hi, false)));
                }
            } else {
                String s = text(blob, v);
                if (s != null) {
                    atoms.add(normal(atom(m, s)));
                }
            }
        }
        return new TextSet(empty, false, atoms, blob ? (char) 0xFF : (char) 0xFFFF);
    }

    private static Atom atom(MatchType m, String s) {
        return switch (m) {
            // the smallest string above s is s + "\0": lower bounds are kept closed
            case GREATER -> new Atom(MatchType.RANGE, null, s + '\0', false, null, false);
            case GREATER_OR_EQUAL -> new Atom(MatchType.RANGE, null, s, false, null, false);
            case LESS -> new Atom(MatchType.RANGE, null, null, false, s, true);
            case LESS_OR_EQUAL -> new Atom(MatchType.RANGE, null, null, false, s, false);
            default -> new Atom(m, s, null, false, null, false);
        };
    }

    /** A closed one-point interval is an EQUAL; caseless text compared without case is an EQUAL too. */
    private static Atom normal(Atom a) {
        if (a.isInterval() && a.lo != null && a.lo.equals(a.hi) && !a.hiOpen) {
            return new Atom(MatchType.EQUAL, a.lo, null, false, null, false);
        }
        if (a.op == MatchType.EQUAL_CASE_INSENSITIVE && a.s.toLowerCase().equals(a.s.toUpperCase())) {
            return new Atom(MatchType.EQUAL, a.s, null, false, null, false);
        }
        return a;
    }

    private static String text(boolean blob, Value v) {
        if (!blob && v instanceof Value.UnicodeString s) {
            return s.value();
        }
        if (blob && v instanceof Value.ByteBlob b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        }
        return null; // another type: matches nothing (no implicit conversion)
    }

    boolean test(String x) {
        if (all) {
            return true;
        }
        for (Atom a : atoms) {
            if (a.test(x)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        if (empty || all) {
            return false;
        }
        for (Atom a : atoms) {
            if (satisfiable(a)) {
                return false;
            }
        }
        return true;
    }

    boolean overlaps(TextSet o) {
        if (empty && o.empty) {
            return true;
        }
        for (String w : witnesses(o)) {
            if (test(w) && o.test(w)) {
                return true;
            }
        }
        return false;
    }

    boolean subsetOf(TextSet o) {
        if (empty && !o.empty) {
            return false;
        }
        if (o.all) {
            return true;
        }
        if (all) {
            return false;
        }
        for (Atom a : atoms) {
            if (satisfiable(a) && !covered(a, o)) {
                return false;
            }
        }
        return true;
    }

    private boolean satisfiable(Atom a) {
        return switch (a.op) {
            case NOT_PREFIX -> !a.s.isEmpty(); // every string ends with ""
            case RANGE -> a.hi == null || (a.lo == null ? !(a.hi.isEmpty() && a.hiOpen)
                    : a.lo.compareTo(a.hi) < 0 || (a.lo.equals(a.hi) && !a.hiOpen));
            default -> true;
        };
    }

    private static boolean covered(Atom a, TextSet o) {
        if (a.op == MatchType.EQUAL) {
            return o.test(a.s);
        }
        for (Atom b : o.atoms) {
            if (a.equals(b) || inside(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** Every string {@code a} accepts, {@code b} accepts. */
    private static boolean inside(Atom a, Atom b) {
        switch (a.op) {
            case EQUAL_CASE_INSENSITIVE:
                return (b.op == MatchType.EQUAL_CASE_INSENSITIVE && b.s.equalsIgnoreCase(a.s))
                        || (b.op == MatchType.NOT_EQUAL && !b.s.equalsIgnoreCase(a.s));
            case PREFIX:
                // every x + s ends with t iff s ends with t; none does iff neither ends with the other
                return (b.op == MatchType.PREFIX && a.s.endsWith(b.s))
                        || (b.op == MatchType.NOT_PREFIX && !a.s.endsWith(b.s) && !b.s.endsWith(a.s))
                        || (b.op == MatchType.NOT_EQUAL && !b.s.endsWith(a.s));
            case NOT_PREFIX:
                return (b.op == MatchType.NOT_PREFIX || b.op == MatchType.NOT_EQUAL) && b.s.endsWith(a.s);
            case RANGE:
                if (b.op == MatchType.NOT_EQUAL) {
                    return !a.test(b.s);
                }
                return b.isInterval() && lowerInside(a, b) && upperInside(a, b);
            default:
                return false;
        }
    }

    private static boolean lowerInside(Atom a, Atom b) {
        return b.lo == null || (a.lo != null && a.lo.compareTo(b.lo) >= 0);
    }

    private static boolean upperInside(Atom a, Atom b) {
        if (b.hi == null) {
            return true;
        }
        if (a.hi == null) {
            return false;
        }
        int c = a.hi.compareTo(b.hi);
        return c < 0 || (c == 0 && (a.hiOpen || !b.hiOpen));
    }

    /** Candidate strings for a common element of this set and {@code o}. */
    private Set<String> witnesses(TextSet o) {
        List<String> seeds = new ArrayList<>();
        seeds.add("");
        for (TextSet t : List.of(this, o)) {
            for (Atom a : t.atoms) {
                for (String s : new String[] {a.s, a.lo, a.hi}) {
                    if (s != null) {
                        seeds.add(s);
                    }
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : seeds) {
            out.add(s);
            out.add(s + '\0');
            out.add(s + 'a');
            out.add(s + maxChar);
            out.add('a' + s);
            out.add(s.toLowerCase());
            out.add(s.toUpperCase());
            if (!s.isEmpty()) {
                out.add(s.substring(0, s.length() - 1));
                if (s.charAt(0) > 0) {
                    out.add((char) (s.charAt(0) - 1) + s.substring(1));
                }
            }
        }
        // a string that satisfies one bound and ends with a given suffix: bound + suffix, lowered + suffix
        List<String> base = new ArrayList<>(out);
        for (String p : base) {
            for (String q : seeds) {
                out.add(p + q);
            }
        }
        return out;
    }
}
