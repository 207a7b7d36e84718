package weir.engine.core.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.Weight;

/**
 * 5-tuple rule sets as INBOUND_TRANSPORT_V4 filters: ClassBench files from ../shared/data/classbench when they
 * are there, or synthetic ones of the same shape. Rule i of n has weight n - i (the first rule wins).
 */
final class Rules {
    static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    /** The same rules over IPv6: each IPv4 prefix a/n placed inside 2001:db8::/32 as 2001:db8:a::/(32+n). */
    static final Layer L6 = Layer.INBOUND_TRANSPORT_V6;

    /** One rule's box. */
    record Box(int src, int srcLen, int dst, int dstLen, int spLo, int spHi, int dpLo, int dpHi, int proto) {
    }

    private Rules() {
    }

    /** The ClassBench file, or null when the shared data is not beside this checkout. */
    static Path classBench(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolveSibling("shared").resolve("data/classbench").resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
            Path g = p.resolve("shared/data/classbench").resolve(name);
            if (Files.isRegularFile(g)) {
                return g;
            }
        }
        return null;
    }

    static List<Box> read(Path file) throws IOException {
        List<Box> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (!line.startsWith("@")) {
                continue;
            }
            String[] f = line.substring(1).trim().split("\t");
            String[] src = f[0].split("/");
            String[] dst = f[1].split("/");
            String[] sp = f[2].split(":");
            String[] dp = f[3].split(":");
            String[] pr = f[4].split("/");
            out.add(new Box(ip(src[0]), Integer.parseInt(src[1]), ip(dst[0]), Integer.parseInt(dst[1]),
                    Integer.parseInt(sp[0].trim()), Integer.parseInt(sp[1].trim()), Integer.parseInt(dp[0].trim()),
                    Integer.parseInt(dp[1].trim()), Integer.decode(pr[1].trim()) == 0 ? -1 : Integer.decode(pr[0].trim())));
        }
        return out;
    }

    /** A synthetic set: hosts and subnets, well-known and ranged ports, TCP/UDP/any. */
    static List<Box> synthetic(int n, long seed) {
        Random r = new Random(seed);
        List<Box> out = new ArrayList<>();
        int[] ports = {22, 25, 53, 80, 123, 443, 3389, 8080};
        for (int i = 0; i < n; i++) {
            int srcLen = new int[] {0, 8, 16, 24, 32}[r.nextInt(5)];
            int dstLen = new int[] {16, 24, 32, 32}[r.nextInt(4)];
            int dp = ports[r.nextInt(ports.length)];
            boolean ranged = r.nextInt(5) == 0;
            out.add(new Box(0x0A000000 | r.nextInt(1 << 16), srcLen, 0xC0000200 | r.nextInt(256), dstLen, 0,
                    ranged ? 65535 : 1024 + r.nextInt(10), ranged ? 1024 : dp, ranged ? 65535 : dp,
                    new int[] {6, 17, -1}[r.nextInt(3)]));
        }
        return out;
    }

    /** The boxes as filters with ids 1..n; actions alternate PERMIT/BLOCK. */
    static List<Filter> filters(List<Box> boxes, UUID subLayer) {
        return filters(boxes, subLayer, false);
    }

    /** The boxes as IPv6 filters at {@link #L6}. */
    static List<Filter> filters6(List<Box> boxes, UUID subLayer) {
        return filters(boxes, subLayer, true);
    }

    private static List<Filter> filters(List<Box> boxes, UUID subLayer, boolean v6) {
        List<Filter> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            List<Condition> c = new ArrayList<>();
            if (b.srcLen > 0) {
                c.add(Condition.equal(Field.IP_REMOTE_ADDRESS, v6 ? prefix6(b.src, b.srcLen) : prefix(b.src, b.srcLen)));
            }
            if (b.dstLen > 0) {
                c.add(Condition.equal(Field.IP_LOCAL_ADDRESS, v6 ? prefix6(b.dst, b.dstLen) : prefix(b.dst, b.dstLen)));
            }
            port(c, Field.IP_REMOTE_PORT, b.spLo, b.spHi);
            port(c, Field.IP_LOCAL_PORT, b.dpLo, b.dpHi);
            if (b.proto >= 0) {
                c.add(Condition.equal(Field.IP_PROTOCOL, Value.uint8(b.proto)));
            }
            Filter f = Filter.of("rule " + i, v6 ? L6 : L, (i & 1) == 0 ? FilterAction.permit() : FilterAction.block())
                    .withConditions(c).withWeight(Weight.exact(boxes.size() - i));
            out.add(f.withIds(UUID.randomUUID(), subLayer, i + 1, boxes.size() - i));
        }
        return out;
    }

    /** A packet inside box {@code b} (or anywhere, one time in four). */
    static void packet(Box b, Random r, IncomingValues v) {
        boolean anywhere = r.nextInt(4) == 0;
        v.clear();
        v.setLong(L.indexOf(Field.IP_REMOTE_ADDRESS), anywhere ? r.nextInt() : inside(b.src, b.srcLen, r));
        v.setLong(L.indexOf(Field.IP_LOCAL_ADDRESS), anywhere ? r.nextInt() : inside(b.dst, b.dstLen, r));
        v.setLong(L.indexOf(Field.IP_REMOTE_PORT), anywhere ? r.nextInt(65536) : b.spLo + r.nextInt(b.spHi - b.spLo + 1));
        v.setLong(L.indexOf(Field.IP_LOCAL_PORT), anywhere ? r.nextInt(65536) : b.dpLo + r.nextInt(b.dpHi - b.dpLo + 1));
        v.setLong(L.indexOf(Field.IP_PROTOCOL), b.proto < 0 || anywhere ? (r.nextBoolean() ? 6 : 17) : b.proto);
    }

    /** A packet inside box {@code b} (or anywhere, one time in four), at {@link #L6}. */
    static void packet6(Box b, Random r, IncomingValues v) {
        boolean anywhere = r.nextInt(4) == 0;
        v.clear();
        v.setV6(L6.indexOf(Field.IP_REMOTE_ADDRESS), top(anywhere ? r.nextInt() : inside(b.src, b.srcLen, r)), r.nextLong());
        v.setV6(L6.indexOf(Field.IP_LOCAL_ADDRESS), top(anywhere ? r.nextInt() : inside(b.dst, b.dstLen, r)), r.nextLong());
        v.setLong(L6.indexOf(Field.IP_REMOTE_PORT), anywhere ? r.nextInt(65536) : b.spLo + r.nextInt(b.spHi - b.spLo + 1));
        v.setLong(L6.indexOf(Field.IP_LOCAL_PORT), anywhere ? r.nextInt(65536) : b.dpLo + r.nextInt(b.dpHi - b.dpLo + 1));
        v.setLong(L6.indexOf(Field.IP_PROTOCOL), b.proto < 0 || anywhere ? (r.nextBoolean() ? 6 : 17) : b.proto);
    }

    /** The top half of 2001:db8:a:b:: for the IPv4 address a.b. */
    static long top(int v4) {
        return 0x20010DB8_00000000L | Integer.toUnsignedLong(v4);
    }

    private static Value prefix6(int addr, int len) {
        long high = top(len == 0 ? 0 : addr & (-1 << (32 - len)));
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
        }
        return new Value.V6AddrMask(b, 32 + len);
    }

    private static void port(List<Condition> c, Field f, int lo, int hi) {
        if (lo == 0 && hi == 65535) {
            return;
        }
        c.add(lo == hi ? Condition.equal(f, Value.uint16(lo)) : Condition.range(f, Value.uint16(lo), Value.uint16(hi)));
    }

    private static Value prefix(int addr, int len) {
        if (len == 32) {
            return new Value.UInt32(addr);
        }
        int mask = -1 << (32 - len);
        return new Value.V4AddrMask(addr & mask, mask);
    }

    private static int inside(int addr, int len, Random r) {
        if (len == 0) {
            return r.nextInt();
        }
        int mask = len == 32 ? -1 : -1 << (32 - len);
        return (addr & mask) | (r.nextInt() & ~mask);
    }

    private static int ip(String s) {
        String[] o = s.trim().split("\\.");
        return (Integer.parseInt(o[0]) << 24) | (Integer.parseInt(o[1]) << 16) | (Integer.parseInt(o[2]) << 8)
                | Integer.parseInt(o[3]);
    }
}
