package weir.engine.core.classify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import weir.engine.api.DataType;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * The values of one numeric field that a group of conditions accepts, as a union of ternary cubes (value,
 * care mask) over the field's order keys, plus whether the EMPTY value is in. Ranges become prefix cubes,
 * masks and flags tests are cubes already, so every match type is exact here.
 */
final class NumberSet {
    /** A ternary cube: the keys k with {@code (k & mask) == value}. */
    record Cube(BigInteger value, BigInteger mask) {
        boolean meets(Cube o) {
            return value.xor(o.value).and(mask).and(o.mask).signum() == 0;
        }

        /** {@code o} lies inside this cube. */
        boolean contains(Cube o) {
            return mask.andNot(o.mask).signum() == 0 && meets(o);
        }
    }

    final int width;
    final boolean empty;
    final List<Cube> cubes;

    private NumberSet(int width, boolean empty, List<Cube> cubes) {
        this.width = width;
        this.empty = empty;
        this.cubes = cubes;
    }

    /** Every value, EMPTY included: a field no condition names. */
    static NumberSet universe(DataType t) {
        return new NumberSet(t.bits(), true, List.of(new Cube(BigInteger.ZERO, BigInteger.ZERO)));
    }

    /** The union of the sets that each condition of a group accepts. */
    static NumberSet of(DataType t, List<MatchType> matchTypes, List<Value> values) {
        boolean empty = false;
        List<Cube> cubes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            if (v instanceof Value.Empty) {
                empty |= matchTypes.get(i) == MatchType.EQUAL;
            } else {
                add(t, matchTypes.get(i), v, cubes);
            }
        }
        return new NumberSet(t.bits(), empty, cubes);
    }

    boolean isEmpty() {
        return !empty && cubes.isEmpty();
    }

    boolean overlaps(NumberSet o) {
        if (empty && o.empty) {
            return true;
        }
        for (Cube a : cubes) {
            for (Cube b : o.cubes) {
                if (a.meets(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every value of this set is in {@code o}. */
    boolean subsetOf(NumberSet o) {
        if (empty && !o.empty) {
            return false;
        }
        for (Cube c : cubes) {
            if (!covered(c, o.cubes)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a union of cubes covers {@code c}: split c on the bits the candidates care about. */
    private boolean covered(Cube c, List<Cube> union) {
        List<Cube> meeting = new ArrayList<>();
        for (Cube u : union) {
            if (u.contains(c)) {
                return true;
            }
            if (u.meets(c)) {
                meeting.add(u);
            }
        }
        if (meeting.isEmpty()) {
            return false;
        }
        BigInteger free = meeting.get(0).mask.andNot(c.mask);
        BigInteger bit = BigInteger.ONE.shiftLeft(free.bitLength() - 1);
        BigInteger mask = c.mask.or(bit);
        return covered(new Cube(c.value.andNot(bit), mask), meeting) && covered(new Cube(c.value.or(bit), mask), meeting);
    }

    private static void add(DataType t, MatchType m, Value v, List<Cube> out) {
        BigInteger all = Ints.max(t);
        if (v instanceof Value.V4AddrMask a) {
            BigInteger mask = BigInteger.valueOf(Integer.toUnsignedLong(a.mask()));
            out.add(new Cube(BigInteger.valueOf(Integer.toUnsignedLong(a.addr())).and(mask), mask));
            return;
        }
        if (v instanceof Value.V6AddrMask a) {
            BigInteger mask = Ints.v6Mask(Math.max(0, Math.min(128, a.prefixLength())));
            out.add(new Cube(Ints.v6(a.addr()).and(mask), mask));
            return;
        }
        if (v instanceof Value.Range r) {
            if (r.low().type() == t && r.high().type() == t) {
                range(Ints.key(r.low()), Ints.key(r.high()), all, out);
            }
            return;
        }
        if (v.type() != t) {
            return; // no implicit conversion: a value of another type matches nothing
        }
        BigInteger k = Ints.key(v);
        switch (m) {
            case EQUAL -> out.add(new Cube(k, all));
            case GREATER -> range(k.add(BigInteger.ONE), all, all, out);
            case GREATER_OR_EQUAL -> range(k, all, all, out);
            case LESS -> range(BigInteger.ZERO, k.subtract(BigInteger.ONE), all, out);
            case LESS_OR_EQUAL -> range(BigInteger.ZERO, k, all, out);
            case NOT_EQUAL -> {
                range(BigInteger.ZERO, k.subtract(BigInteger.ONE), all, out);
                range(k.add(BigInteger.ONE), all, all, out);
            }
            case FLAGS_ALL_SET -> out.add(new Cube(k, k));
            case FLAGS_NONE_SET -> out.add(new Cube(BigInteger.ZERO, k));
            case FLAGS_ANY_SET -> {
                for (int b = 0; b < k.bitLength(); b++) {
                    if (k.testBit(b)) {
                        BigInteger bit = BigInteger.ONE.shiftLeft(b);
                        out.add(new Cube(bit, bit));
                    }
                }
            }
            default -> {
                // string-only match types on a number: nothing matches
            }
        }
    }

    /** [lo, hi] as aligned power-of-two blocks (prefix cubes). */
    static void range(BigInteger lo, BigInteger hi, BigInteger all, List<Cube> out) {
        while (lo.compareTo(hi) <= 0) {
            int k = lo.signum() == 0 ? all.bitLength() : lo.getLowestSetBit();
            while (k > 0 && lo.add(BigInteger.ONE.shiftLeft(k)).subtract(BigInteger.ONE).compareTo(hi) > 0) {
                k--;
            }
            BigInteger size = BigInteger.ONE.shiftLeft(k);
            out.add(new Cube(lo, all.xor(size.subtract(BigInteger.ONE))));
            lo = lo.add(size);
        }
    }
}
