package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * What a classification costs where it costs most at 10K filters, counted without timing: the distinct 64-byte
 * lines of the index a packet reads (packets drawn inside the ClassBench rules, seed 42, one sublayer). Each
 * object is taken to start a line, arrays to have a 16-byte header and references 4 bytes: a model, but one that
 * follows the walk exactly (the nodes and the child-table slots probed, the children a probe compares, the leaf
 * rows read up to the failing column) and changes only when the tree or the layout does. The bounds are the
 * figures measured when the leaf rows came in (acl1_10k 13.8, fw1_10k 21.1, ipc1_10k 22.5 lines, plus the three a
 * decision reads: the filter array, the filter, its counters) with 10% room; the former layout (six arrays per
 * leaf) read 5 to 7 lines more.
 */
class CacheLinesTest {
    @ParameterizedTest
    @CsvSource({"acl1_10k, 15.2", "fw1_10k, 23.2", "ipc1_10k, 24.8"})
    void aPacketReadsFewLinesOfTheIndex(String set, double bound) throws Exception {
        List<Rules.Box> boxes = IndexTest.boxes(set);
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<Filter> filters = Rules.filters(boxes, sub);
        FlowTable flows = new FlowTable();
        ClassifierImpl c = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16), new EngineStatistics());
        c.publish(Rules.L, List.of(SubLayer.of(sub, "u", 0x8000)), filters);
        FilterIndex ix = c.snapshot(Rules.L).index;
        Random r = new Random(42);
        PacketValues v = new PacketValues(Rules.L);
        FilterIndex.Node[] lists = new FilterIndex.Node[FilterIndex.MAX_LISTS];
        long[] vals = new long[LeafColumns.MAX_COLUMNS];
        long inner = 0;
        long rows = 0;
        int packets = 20_000;
        for (int p = 0; p < packets; p++) {
            inside(boxes.get(r.nextInt(boxes.size())), r, v);
            Set<Long> lines = new HashSet<>();
            walk(ix.root(), v, lines);
            inner += lines.size();
            lines.clear();
            int k = ix.collect(v, lists);
            // the first match in merged order: every list is read up to it
            long first = Long.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                FilterIndex.Node l = lists[j];
                int i = l.next(0, vals, 0, l.load(v, vals, 0), v);
                if (i < l.length) {
                    first = Math.min(first, l.order(i));
                }
            }
            for (int j = 0; j < k; j++) {
                FilterIndex.Node l = lists[j];
                int absent = l.load(v, vals, 0);
                Object data = l.narrow != null ? l.narrow : l.wide;
                int bytes = l.narrow != null ? 4 : 8;
                touch(lines, l, 0, 16);
                touch(lines, data, 16, l.cols * bytes);
                for (int i = 0; i < l.length && (k == 1 || l.order(i) <= first); i++) {
                    int passed = passed(l, i, vals);
                    // the bounds up to the failing column; the need, end (and order) words when they are read
                    int read = 2 * bytes * Math.min(l.cols, passed + 1) + (passed == l.cols || k > 1 ? 16 : 0);
                    touch(lines, data, 16 + bytes * (l.cols + i * l.stride), read);
                    if (l.matches(i, vals, 0, absent, v)) {
                        break;
                    }
                }
            }
            rows += lines.size();
        }
        double perPacket = (inner + rows) / (double) packets;
        System.out.printf("%s: %.2f lines of the index per packet (inner nodes %.2f, leaves %.2f); %s%n", set,
                perPacket, inner / (double) packets, rows / (double) packets, ix.shape());
        assertTrue(perPacket <= bound, set + ": " + perPacket + " lines per packet, more than " + bound);
    }

    private static int passed(FilterIndex.Node l, int i, long[] vals) {
        int o = l.cols + i * l.stride;
        for (int c = 0; c < l.cols; c++) {
            long lo = l.narrow != null ? l.narrow[o + 2 * c] : l.wide[o + 2 * c];
            long hi = l.narrow != null ? l.narrow[o + 2 * c + 1] : l.wide[o + 2 * c + 1];
            if (vals[c] < lo || vals[c] > hi) {
                return c;
            }
        }
        return l.cols;
    }

    private static void touch(Set<Long> lines, Object o, int offset, int bytes) {
        long base = System.identityHashCode(o) * 1_000_003L;
        for (int line = offset / 64; line <= (offset + Math.max(1, bytes) - 1) / 64; line++) {
            lines.add(base + line);
        }
    }

    /** The walk of {@link FilterIndex#collect}, noting the lines it reads. */
    private static void walk(FilterIndex.Node n, PacketValues pv, Set<Long> lines) {
        while (n.leaf == null) {
            touch(lines, n, 0, 16);
            FilterIndex.Node next = null;
            int s = n.slot;
            if (pv.present[s]) {
                long key = (n.high ? pv.high[s] : pv.bits[s]) >>> n.shift;
                FilterIndex.Node[] cs = n.children;
                int mask = cs.length - 1;
                for (int i = n.home(key);; i = (i + 1) & mask) {
                    touch(lines, cs, 16 + 4 * i, 4);
                    FilterIndex.Node c = cs[i];
                    if (c == null) {
                        break;
                    }
                    touch(lines, c, 0, 16);
                    if (c.keyOf() == key) {
                        next = c;
                        break;
                    }
                }
            }
            if (n.rest != null) {
                if (next != null) {
                    walk(next, pv, lines);
                }
                n = n.rest;
            } else {
                n = next != null ? next : n.other;
            }
        }
    }

    /** A packet inside the rule's box. */
    private static void inside(Rules.Box b, Random r, IncomingValues v) {
        Layer l = Rules.L;
        v.clear();
        v.setLong(l.indexOf(Field.IP_REMOTE_ADDRESS), in(b.src(), b.srcLen(), r));
        v.setLong(l.indexOf(Field.IP_LOCAL_ADDRESS), in(b.dst(), b.dstLen(), r));
        v.setLong(l.indexOf(Field.IP_REMOTE_PORT), b.spLo() + r.nextInt(b.spHi() - b.spLo() + 1));
        v.setLong(l.indexOf(Field.IP_LOCAL_PORT), b.dpLo() + r.nextInt(b.dpHi() - b.dpLo() + 1));
        v.setLong(l.indexOf(Field.IP_PROTOCOL), b.proto() < 0 ? (r.nextBoolean() ? 6 : 17) : b.proto());
    }

    private static int in(int addr, int len, Random r) {
        if (len == 0) {
            return r.nextInt();
        }
        int mask = len == 32 ? -1 : -1 << (32 - len);
        return (addr & mask) | (r.nextInt() & ~mask);
    }
}
