package weir.callouts.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Value;
import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;

/**
 * The {@code nat:} shell commands. Each takes {@code --help}. They parse their own arguments instead of using
 * Gogo's {@code @Descriptor}/{@code @Parameter}: those annotations are kept at run time and would make this
 * bundle import {@code org.apache.felix.service.command}, and a callout bundle imports weir.engine.api only.
 * Results are records and {@link Listing}s, which Weir's shell prints like the {@code wfp:} commands' output (and
 * as tab-separated values with {@code --no-format}); mistakes come back as one line, never a stack trace.
 */
@Component(service = NatCommands.class, property = {"osgi.command.scope=nat", "osgi.command.function=rules",
        "osgi.command.function=add", "osgi.command.function=delete", "osgi.command.function=mappings",
        "osgi.command.function=status"})
public final class NatCommands {
    static final String RULES_HELP = "nat:rules - the NAT rules in force, and configurations that were rejected\n"
            + "usage: nat:rules [--no-format]\n"
            + "Rules apply to a flow's first packet by precedence: forward, then static, then snat; within a type\n"
            + "by id. STATE is active, or why a weir.nat.rule configuration did not become a rule.";
    static final String ADD_HELP = "nat:add - adds a NAT rule (kept until deleted or the bundle stops)\n"
            + "usage: nat:add static INSIDE OUTSIDE\n"
            + "       nat:add forward INSIDE[:PORT] OUTSIDE:PORT [--protocol tcp|udp]\n"
            + "       nat:add snat INSIDE OUTSIDE [--ports LOW-HIGH] [--protocol tcp|udp|icmp|all]\n"
            + "  static   1:1 mapping of an address (or of equal-length prefixes), every protocol, both ways\n"
            + "           e.g. nat:add static 10.0.0.5 192.0.2.5\n"
            + "  forward  packets to OUTSIDE:PORT go to INSIDE:PORT, replies back (default --protocol tcp)\n"
            + "           e.g. nat:add forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp\n"
            + "  snat     sources in INSIDE leave as OUTSIDE with a port from --ports (default 1024-65535);\n"
            + "           ICMP echo identifiers are allocated like ports (default --protocol all)\n"
            + "           e.g. nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999\n"
            + "IPv4 only. Persistent rules: a weir.nat.rule factory configuration (etc/weir.nat.rule-NAME.cfg)\n"
            + "with type, inside, outside, protocol and ports.";
    static final String DELETE_HELP = "nat:delete - deletes a rule added with nat:add\n"
            + "usage: nat:delete ID      (ids as nat:rules shows them)\n"
            + "Its mappings stay until their flows end; rules from configuration are deleted by deleting the\n"
            + "configuration.";
    static final String MAPPINGS_HELP = "nat:mappings - the NAT mappings (one per translated flow)\n"
            + "usage: nat:mappings [--limit N] [--no-format]      (default limit 1000)\n"
            + "ORIGINAL is the first packet's tuple, TRANSLATED what it became; replies are translated back.\n"
            + "DIRECTION is the first packet's; FLOWS the flows holding the mapping; a held mapping's flows\n"
            + "ended and it waits out the hold time (capture time) before its port is free again.";
    static final String STATUS_HELP = "nat:status - the nat callouts' keys and ids, injector, table and counters\n"
            + "usage: nat:status [--no-format]";
    private static final int DEFAULT_LIMIT = 1000;

    /** One rule, or a configuration that did not become one. */
    public record RuleRow(String id, String type, String inside, String outside, String protocol, String ports,
            String inUse, String source, String state) {
    }

    /** One mapping. */
    public record MappingRow(int rule, String protocol, String direction, String original, String translated,
            int flows, String state, long packetsOriginal, long packetsReply, long ageSeconds) {
    }

    /** A rule just deleted. */
    public record Deleted(int id, String rule, long mappingsLeft) {
    }

    /** One counter of {@code nat:status}. */
    public record Counter(long count, String what) {
    }

    /** What {@code nat:status} shows. */
    public record Status(String outboundKey, String outboundCallout, String inboundKey, String inboundCallout,
            String injector, int rules, int mappings, int held, int holdSeconds, int maxMappings, long tableBytes,
            List<String> refusedFilters, List<Counter> counters) {
    }

    private final RuleBook book;
    private final NatCore core;
    private final NatOutboundCallout outbound;
    private final NatInboundCallout inbound;

    @Activate
    public NatCommands(@Reference NatCore core, @Reference NatOutboundCallout outbound,
            @Reference NatInboundCallout inbound) {
        this.core = core;
        this.book = core.rules();
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /** {@code nat:rules}. */
    public Object rules(String... args) {
        if (wantsHelp(args)) {
            return RULES_HELP;
        }
        boolean plain = noFormat(args);
        if (args.length > (plain ? 1 : 0)) {
            return usage("nat:rules takes no arguments", "nat:rules");
        }
        List<RuleRow> rows = new ArrayList<>();
        for (NatRule r : book.rules()) {
            rows.add(row(r));
        }
        for (Map.Entry<String, String> e : book.rejections().entrySet()) {
            rows.add(new RuleRow("-", "-", "-", "-", "-", "-", "-", e.getKey(), "rejected: " + e.getValue()));
        }
        return result(Listing.of("NAT rules", rows), plain);
    }

    private static RuleRow row(NatRule r) {
        RuleSpec s = r.spec;
        boolean forward = s.type() == RuleType.FORWARD;
        boolean snat = s.type() == RuleType.SNAT;
        return new RuleRow(Integer.toString(r.id), s.type().word(), s.inside() + (forward ? ":" + s.insidePort()
                : ""), s.outside() + (forward ? ":" + s.outsidePort() : ""), IpProtocol.text(s.protocols()),
                snat ? s.portLow() + "-" + s.portHigh() : "-", snat ? Integer.toString(r.portsInUse()) : "-",
                r.source, "active");
    }

    /** {@code nat:add TYPE INSIDE OUTSIDE [--protocol P] [--ports LOW-HIGH]}. */
    public Object add(String... args) {
        if (wantsHelp(args)) {
            return ADD_HELP;
        }
        boolean plain = noFormat(args);
        String[] rest = withoutNoFormat(args);
        String command = ("nat:add " + String.join(" ", rest)).trim();
        try {
            RuleSpec spec = parseAdd(rest);
            return result(row(book.add(spec, "shell")), plain);
        } catch (RuleException e) {
            return command + ": " + e.getMessage();
        }
    }

    /** {@code nat:delete ID}. */
    public Object delete(String... args) {
        if (wantsHelp(args)) {
            return DELETE_HELP;
        }
        boolean plain = noFormat(args);
        String[] rest = withoutNoFormat(args);
        if (rest.length != 1 || !rest[0].matches("\\d{1,9}")) {
            return usage("nat:delete needs one rule id", "nat:delete 3 (ids as nat:rules shows them)");
        }
        int id = Integer.parseInt(rest[0]);
        NatRule rule = book.get(id);
        if (rule == null) {
            return "nat:delete " + id + ": no rule " + id + "; nat:rules lists the rules in force";
        }
        if (!rule.source.equals("shell")) {
            return "nat:delete " + id + ": rule " + id + " comes from " + rule.source
                    + "; delete that configuration instead";
        }
        book.remove(id);
        return result(new Deleted(id, rule.spec.text(), core.table().countByRule(rule.serial)), plain);
    }

    /** {@code nat:mappings [--limit N]}. */
    public Object mappings(String... args) {
        if (wantsHelp(args)) {
            return MAPPINGS_HELP;
        }
        boolean plain = noFormat(args);
        String[] rest = withoutNoFormat(args);
        int limit = DEFAULT_LIMIT;
        if (rest.length == 2 && rest[0].equals("--limit") && rest[1].matches("\\d{1,9}")) {
            limit = Integer.parseInt(rest[1]);
        } else if (rest.length > 0) {
            return usage("nat:mappings takes only --limit N", "nat:mappings --limit 50");
        }
        int now = core.now();
        List<MappingRow> rows = new ArrayList<>();
        for (MappingTable.Row m : core.table().rows(limit)) {
            NatRule r = book.bySerial(m.ruleSerial());
            long age = Math.max(0, Integer.toUnsignedLong(now) - Integer.toUnsignedLong(m.timeSeconds()));
            rows.add(new MappingRow(r == null ? 0 : r.id, protocol(m.protocol()), m.inbound() ? "in" : "out",
                    tuple(m.protocol(), m.source(), m.sourcePort(), m.destination(), m.destinationPort()),
                    tuple(m.protocol(), m.newSource(), m.newSourcePort(), m.newDestination(),
                            m.newDestinationPort()), m.flows(),
                    m.held() ? "held " + Math.max(0, core.holdSeconds() - age) + " s more" : "active",
                    m.originalPackets(), m.replyPackets(), m.held() ? 0 : age));
        }
        return result(Listing.of("NAT mappings", rows), plain);
    }

    /** {@code nat:status}. */
    public Object status(String... args) {
        if (wantsHelp(args)) {
            return STATUS_HELP;
        }
        boolean plain = noFormat(args);
        if (args.length > (plain ? 1 : 0)) {
            return usage("nat:status takes no arguments", "nat:status");
        }
        List<Counter> counters = new ArrayList<>();
        for (NatCounter c : NatCounter.values()) {
            counters.add(new Counter(core.count(c), c.text()));
        }
        MappingTable t = core.table();
        return result(new Status(NatOutboundCallout.KEY, registration(outbound), NatInboundCallout.KEY,
                registration(inbound), core.injection() != null ? "present"
                        : "none: packets pass untranslated (the shim offers one in bridge and offline modes)",
                book.rules().size(), t.size(), t.held(), core.holdSeconds(), t.maxCapacity(), t.bytes(),
                core.refusedFilters(), counters), plain);
    }

    private static String registration(NatLayerCallout c) {
        int id = c.calloutId();
        return (id == 0 ? "not registered with the engine yet" : "calloutId " + id) + " at " + c.layer();
    }

    private static String protocol(int number) {
        IpProtocol p = IpProtocol.of(number);
        return p == null ? Integer.toString(number) : p.text();
    }

    private static String tuple(int protocol, int src, int sport, int dst, int dport) {
        if (protocol == 1) {
            return Value.formatV4(src) + " > " + Value.formatV4(dst) + " id " + sport;
        }
        return Value.formatV4(src) + ":" + sport + " > " + Value.formatV4(dst) + ":" + dport;
    }

    /** Parses {@code nat:add}'s arguments into a spec. */
    static RuleSpec parseAdd(String[] args) {
        String protocol = null;
        String ports = null;
        String[] positional = new String[3];
        int n = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--protocol") || a.equals("--ports")) {
                if (i + 1 >= args.length) {
                    throw new RuleException(a + " needs a value, e.g. " + (a.equals("--ports") ? "--ports 40000-49999"
                            : "--protocol tcp"));
                }
                if (a.equals("--protocol")) {
                    protocol = args[++i];
                } else {
                    ports = args[++i];
                }
            } else if (a.startsWith("--")) {
                throw new RuleException("unknown option '" + a + "'; nat:add takes --protocol and --ports "
                        + "(see nat:add --help)");
            } else if (n == 3) {
                throw new RuleException("unexpected '" + a + "'; nat:add takes TYPE INSIDE OUTSIDE and options "
                        + "(see nat:add --help)");
            } else {
                positional[n++] = a;
            }
        }
        if (n == 0) {
            throw new RuleException("the rule type is missing; e.g. nat:add static 10.0.0.5 192.0.2.5 "
                    + "(see nat:add --help)");
        }
        RuleType type = RuleType.of(positional[0]);
        if (n < 3) {
            throw new RuleException(type.word() + " needs INSIDE and OUTSIDE; e.g. nat:add "
                    + RuleSpec.example(type));
        }
        return RuleSpec.of(positional[0], positional[1], positional[2], protocol, ports);
    }

    private static Object result(Object value, boolean plain) {
        return plain ? new NoFormat(value) : value;
    }

    private static boolean noFormat(String[] args) {
        for (String a : args) {
            if (a.equals("--no-format")) {
                return true;
            }
        }
        return false;
    }

    private static String[] withoutNoFormat(String[] args) {
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (!a.equals("--no-format")) {
                rest.add(a);
            }
        }
        return rest.toArray(new String[0]);
    }

    private static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static String usage(String problem, String example) {
        return problem + "; e.g. " + example + " (see --help)";
    }
}
