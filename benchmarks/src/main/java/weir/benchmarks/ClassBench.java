package weir.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.Weight;

/**
 * ClassBench 5-tuple rule sets as Weir filters at INBOUND_TRANSPORT_V4, and packets drawn from them.
 * Line format: {@code @src/len <TAB> dst/len <TAB> splo : sphi <TAB> dplo : dphi <TAB> proto/mask <TAB> flags/mask}.
 * Inbound, so the packet's source is the remote end: src → IP_REMOTE_ADDRESS and IP_REMOTE_PORT,
 * dst → IP_LOCAL_ADDRESS and IP_LOCAL_PORT. ClassBench's first rule has the highest priority: rule i of n
 * gets the UINT64 weight n − i. Actions alternate PERMIT/BLOCK by rule number so both occur.
 *
 * <p>Variants the benchmarks compare: {@code NAME_1k} of a set that has no 1K file is its first 1,000 rules;
 * the IPv6 form places each IPv4 prefix a/n inside 2001:db8::/32 as 2001:db8:a::/(32+n) at INBOUND_TRANSPORT_V6
 * (packets get random bottom halves).
 */
public final class ClassBench {
    /** One parsed rule: the 5-tuple box. */
    public record Rule(int src, int srcLen, int dst, int dstLen, int spLo, int spHi, int dpLo, int dpHi, int proto,
            boolean anyProto) {
    }

    private ClassBench() {
    }

    /** Where the rule sets are: -Dweir.classbench=DIR, else ../shared/data/classbench from the project. */
    public static Path dir() {
        String p = System.getProperty("weir.classbench");
        if (p != null) {
            return Path.of(p);
        }
        for (Path c = Path.of("").toAbsolutePath(); c != null; c = c.getParent()) {
            Path d = c.resolve("shared/data/classbench");
            if (Files.isDirectory(d)) {
                return d;
            }
            Path d2 = c.resolveSibling("shared").resolve("data/classbench");
            if (Files.isDirectory(d2)) {
                return d2;
            }
        }
        throw new IllegalStateException("ClassBench rule sets not found: set -Dweir.classbench=DIR");
    }

    /**
     * A set by name: a file in {@link #dir()}, or {@code NAME_1k} as the first 1,000 rules of {@code NAME_10k}
     * when there is no such file.
     */
    public static List<Rule> set(String name) throws IOException {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f) && name.endsWith("_1k")) {
            List<Rule> all = read(dir().resolve(name.substring(0, name.length() - 3) + "_10k"));
            return List.copyOf(all.subList(0, Math.min(1000, all.size())));
        }
        return read(f);
    }

    public static List<Rule> read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
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
            int mask = Integer.decode(pr[1].trim());
            rules.add(new Rule(ip(src[0]), Integer.parseInt(src[1]), ip(dst[0]), Integer.parseInt(dst[1]),
                    Integer.parseInt(sp[0].trim()), Integer.parseInt(sp[1].trim()), Integer.parseInt(dp[0].trim()),
                    Integer.parseInt(dp[1].trim()), Integer.decode(pr[0].trim()), mask == 0));
        }
        return rules;
    }

    /** The rules as filters (keys, ids and effective weights not yet assigned). */
    public static List<Filter> filters(List<Rule> rules) {
        return filters(rules, false);
    }

    /** The rules as filters at INBOUND_TRANSPORT_V4, or mapped into IPv6 at INBOUND_TRANSPORT_V6. */
    public static List<Filter> filters(List<Rule> rules, boolean v6) {
        List<Filter> out = new ArrayList<>(rules.size());
        Layer layer = v6 ? Layer.INBOUND_TRANSPORT_V6 : Layer.INBOUND_TRANSPORT_V4;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            List<Condition> c = new ArrayList<>(5);
            if (r.srcLen > 0) {
                c.add(new Condition(Field.IP_REMOTE_ADDRESS, MatchType.EQUAL,
                        v6 ? prefix6(r.src, r.srcLen) : prefix(r.src, r.srcLen)));
            }
            if (r.dstLen > 0) {
                c.add(new Condition(Field.IP_LOCAL_ADDRESS, MatchType.EQUAL,
                        v6 ? prefix6(r.dst, r.dstLen) : prefix(r.dst, r.dstLen)));
            }
            port(c, Field.IP_REMOTE_PORT, r.spLo, r.spHi);
            port(c, Field.IP_LOCAL_PORT, r.dpLo, r.dpHi);
            if (!r.anyProto) {
                c.add(Condition.equal(Field.IP_PROTOCOL, Value.uint8(r.proto)));
            }
            FilterAction a = (i & 1) == 0 ? FilterAction.permit() : FilterAction.block();
            out.add(Filter.of("classbench-" + i, layer, a).withConditions(c).withWeight(Weight.exact(rules.size() - i)));
        }
        return out;
    }

    /** A packet inside rule {@code r}'s box, written into {@code v} (an INBOUND_TRANSPORT_V4 value set). */
    public static void packetInside(Rule r, Random rnd, IncomingValues v) {
        Layer l = v.layer();
        v.clear();
        v.setLong(l.indexOf(Field.IP_REMOTE_ADDRESS), Integer.toUnsignedLong(inside(r.src, r.srcLen, rnd)));
        v.setLong(l.indexOf(Field.IP_LOCAL_ADDRESS), Integer.toUnsignedLong(inside(r.dst, r.dstLen, rnd)));
        v.setLong(l.indexOf(Field.IP_REMOTE_PORT), r.spLo + rnd.nextInt(r.spHi - r.spLo + 1));
        v.setLong(l.indexOf(Field.IP_LOCAL_PORT), r.dpLo + rnd.nextInt(r.dpHi - r.dpLo + 1));
        v.setLong(l.indexOf(Field.IP_PROTOCOL), r.anyProto ? (rnd.nextBoolean() ? 6 : 17) : r.proto);
    }

    /** A packet inside rule {@code r}'s box mapped into IPv6 (an INBOUND_TRANSPORT_V6 value set). */
    public static void packetInside6(Rule r, Random rnd, IncomingValues v) {
        Layer l = v.layer();
        v.clear();
        v.setV6(l.indexOf(Field.IP_REMOTE_ADDRESS), top(inside(r.src, r.srcLen, rnd)), rnd.nextLong());
        v.setV6(l.indexOf(Field.IP_LOCAL_ADDRESS), top(inside(r.dst, r.dstLen, rnd)), rnd.nextLong());
        v.setLong(l.indexOf(Field.IP_REMOTE_PORT), r.spLo + rnd.nextInt(r.spHi - r.spLo + 1));
        v.setLong(l.indexOf(Field.IP_LOCAL_PORT), r.dpLo + rnd.nextInt(r.dpHi - r.dpLo + 1));
        v.setLong(l.indexOf(Field.IP_PROTOCOL), r.anyProto ? (rnd.nextBoolean() ? 6 : 17) : r.proto);
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
        if (lo == hi) {
            c.add(Condition.equal(f, Value.uint16(lo)));
        } else {
            c.add(Condition.range(f, Value.uint16(lo), Value.uint16(hi)));
        }
    }

    private static Value prefix(int addr, int len) {
        if (len == 32) {
            return new Value.UInt32(addr);
        }
        int mask = -1 << (32 - len);
        return new Value.V4AddrMask(addr & mask, mask);
    }

    static int inside(int addr, int len, Random rnd) {
        if (len == 0) {
            return rnd.nextInt();
        }
        int mask = len == 32 ? -1 : -1 << (32 - len);
        return (addr & mask) | (rnd.nextInt() & ~mask);
    }

    private static int ip(String s) {
        String[] o = s.trim().split("\\.");
        return (Integer.parseInt(o[0]) << 24) | (Integer.parseInt(o[1]) << 16) | (Integer.parseInt(o[2]) << 8)
                | Integer.parseInt(o[3]);
    }
}
