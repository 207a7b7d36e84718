package weir.benchmarks.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import weir.benchmarks.ClassBench;

/**
 * A ClassBench rule set as a Weir policy ({@code acl1_1k.json}, INBOUND_TRANSPORT_V4, rule i of n with the
 * exact weight n − i, PERMIT and BLOCK alternating as in {@link ClassBench#filters}), the same first-match
 * rule list as one BPF expression ({@code acl1_1k.bpf}), and a capture whose packets fall inside the rules'
 * boxes ({@code acl1.pcap}, replayed without {@code --local}, so every packet is inbound: its source is the
 * remote end).
 *
 * <p>First match as BPF: from the last rule up, {@code E = (r or E)} for a PERMIT and {@code (not r and E)}
 * for a BLOCK, starting from {@code ip} (nothing matched: Weir's default PERMIT, D2).
 */
final class AclFiles {
    private AclFiles() {
    }

    static void write(List<ClassBench.Rule> rules, Path dir, int packets, Random rnd) throws IOException {
        Files.writeString(dir.resolve("acl1_1k.json"), policy(rules, "acl1-"));
        String e = "ip";
        for (int i = rules.size() - 1; i >= 0; i--) {
            String r = bpf(rules.get(i));
            e = (i & 1) == 0 ? "(" + r + " or " + e + ")" : "(not " + r + " and " + e + ")";
        }
        Files.writeString(dir.resolve("acl1_1k.bpf"), e + "\n");
        try (ReplayFiles.PcapOut out = new ReplayFiles.PcapOut(dir.resolve("acl1.pcap"))) {
            for (int n = 0; n < packets; n++) {
                ClassBench.Rule r = rules.get(rnd.nextInt(rules.size()));
                int src = inside(r.src(), r.srcLen(), rnd);
                int dst = inside(r.dst(), r.dstLen(), rnd);
                int sp = r.spLo() + rnd.nextInt(r.spHi() - r.spLo() + 1);
                int dp = r.dpLo() + rnd.nextInt(r.dpHi() - r.dpLo() + 1);
                int proto = r.anyProto() || (r.proto() != 6 && r.proto() != 17) ? (rnd.nextBoolean() ? 6 : 17) : r.proto();
                if (proto == 17) {
                    out.udp(src, dst, sp, dp, 40);
                } else {
                    out.tcp(ReplayFiles.flow(src, dst, sp, dp, 6), true, 0x10, 0);
                }
            }
        }
    }

    /** The rules as a policy file's text: INBOUND_TRANSPORT_V4, exact weights n − i, PERMIT/BLOCK alternating. */
    static String policy(List<ClassBench.Rule> rules, String prefix) {
        StringBuilder json = new StringBuilder("{\n  \"version\": 1,\n  \"filters\": [\n");
        for (int i = 0; i < rules.size(); i++) {
            ClassBench.Rule r = rules.get(i);
            json.append("    { \"name\": \"").append(prefix).append(i).append("\", \"layer\": \"INBOUND_TRANSPORT_V4\", ")
                    .append("\"action\": \"").append((i & 1) == 0 ? "PERMIT" : "BLOCK").append("\", \"weight\": ")
                    .append(rules.size() - i);
            String w = when(r);
            if (!w.isEmpty()) {
                json.append(", \"when\": \"").append(w).append('"');
            }
            json.append(" }")
                    .append(i + 1 < rules.size() ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        return json.toString();
    }

    private static String when(ClassBench.Rule r) {
        StringBuilder s = new StringBuilder();
        if (r.srcLen() > 0) {
            and(s).append("remote.addr == ").append(net(r.src(), r.srcLen()));
        }
        if (r.dstLen() > 0) {
            and(s).append("local.addr == ").append(net(r.dst(), r.dstLen()));
        }
        ports(s, "remote.port", r.spLo(), r.spHi());
        ports(s, "local.port", r.dpLo(), r.dpHi());
        if (!r.anyProto()) {
            and(s).append("protocol == ").append(r.proto());
        }
        return s.length() == 0 ? "" : s.toString();
    }

    private static void ports(StringBuilder s, String field, int lo, int hi) {
        if (lo == 0 && hi == 65535) {
            return;
        }
        and(s).append(field).append(lo == hi ? " == " + lo : " in " + lo + ".." + hi);
    }

    private static StringBuilder and(StringBuilder s) {
        return s.length() == 0 ? s : s.append(" and ");
    }

    private static String bpf(ClassBench.Rule r) {
        StringBuilder s = new StringBuilder();
        if (r.srcLen() > 0) {
            andB(s).append("src net ").append(net(r.src(), r.srcLen()));
        }
        if (r.dstLen() > 0) {
            andB(s).append("dst net ").append(net(r.dst(), r.dstLen()));
        }
        if (!(r.spLo() == 0 && r.spHi() == 65535)) {
            andB(s).append(r.spLo() == r.spHi() ? "src port " + r.spLo() : "src portrange " + r.spLo() + "-" + r.spHi());
        }
        if (!(r.dpLo() == 0 && r.dpHi() == 65535)) {
            andB(s).append(r.dpLo() == r.dpHi() ? "dst port " + r.dpLo() : "dst portrange " + r.dpLo() + "-" + r.dpHi());
        }
        if (!r.anyProto()) {
            andB(s).append("ip proto ").append(r.proto());
        }
        return s.length() == 0 ? "ip" : "(" + s + ")";
    }

    private static StringBuilder andB(StringBuilder s) {
        return s.length() == 0 ? s : s.append(" and ");
    }

    private static String net(int addr, int len) {
        int a = len == 32 ? addr : addr & (-1 << (32 - len));
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255) + "/" + len;
    }

    private static int inside(int addr, int len, Random rnd) {
        if (len == 0) {
            return rnd.nextInt();
        }
        int mask = len == 32 ? -1 : -1 << (32 - len);
        return (addr & mask) | (rnd.nextInt() & ~mask);
    }
}
