package weir.benchmarks;

import java.util.List;

/**
 * The reference the issue measures Weir against: a plain first-match scan over the rules as int arrays, ten ints a
 * rule (source address and mask, destination address and mask, source and destination port ranges, protocol
 * and mask), in the rules' priority order. No objects, no indirection: the fastest a linear scan gets in Java.
 */
final class LinearScan {
    private final int[] rules;
    private final int count;

    LinearScan(List<ClassBench.Rule> rs) {
        count = rs.size();
        rules = new int[count * 10];
        for (int i = 0; i < count; i++) {
            ClassBench.Rule r = rs.get(i);
            int sm = r.srcLen() == 0 ? 0 : -1 << (32 - r.srcLen());
            int dm = r.dstLen() == 0 ? 0 : -1 << (32 - r.dstLen());
            int o = i * 10;
            rules[o] = r.src() & sm;
            rules[o + 1] = sm;
            rules[o + 2] = r.dst() & dm;
            rules[o + 3] = dm;
            rules[o + 4] = r.spLo();
            rules[o + 5] = r.spHi();
            rules[o + 6] = r.dpLo();
            rules[o + 7] = r.dpHi();
            rules[o + 8] = r.anyProto() ? 0 : r.proto();
            rules[o + 9] = r.anyProto() ? 0 : 0xFF;
        }
    }

    /** The first rule the packet matches, or -1. */
    int classify(int src, int dst, int sp, int dp, int proto) {
        int[] r = rules;
        for (int i = 0, o = 0; i < count; i++, o += 10) {
            if ((src & r[o + 1]) == r[o] && (dst & r[o + 3]) == r[o + 2] && sp >= r[o + 4] && sp <= r[o + 5]
                    && dp >= r[o + 6] && dp <= r[o + 7] && (proto & r[o + 9]) == r[o + 8]) {
                return i;
            }
        }
        return -1;
    }
}
