package weir.callouts.nat;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code nat:} shell commands. Each takes {@code --help}. They parse their own arguments instead of using
 * Gogo's {@code @Descriptor}/{@code @Parameter}: those annotations are kept at run time and would make this
 * bundle import {@code org.apache.felix.service.command}, and a callout bundle imports weir.engine.api only.
 * Results are returned as text (Gogo prints them); mistakes come back as one line, never a stack trace.
 */
@Component(service = NatCommands.class, property = {"osgi.command.scope=nat", "osgi.command.function=rules",
        "osgi.command.function=add", "osgi.command.function=remove", "osgi.command.function=flows",
        "osgi.command.function=status"})
public final class NatCommands {
    static final String RULES_HELP = "nat:rules - the NAT rules in force, and configurations that were rejected\n"
            + "usage: nat:rules\n"
            + "Rules apply by precedence: forward, then static, then snat; within a type by id.";
    static final String ADD_HELP = "nat:add - adds a NAT rule (kept until removed or the bundle stops)\n"
            + "usage: nat:add static INSIDE OUTSIDE\n"
            + "       nat:add forward INSIDE[:PORT] OUTSIDE:PORT [--protocol tcp|udp]\n"
            + "       nat:add snat INSIDE OUTSIDE [--ports LOW-HIGH] [--protocol tcp|udp|icmp|all]\n"
            + "  static   1:1 mapping of an address (or of equal-length prefixes), every protocol, both ways\n"
            + "           e.g. nat:add static 10.0.0.5 192.0.2.5\n"
            + "  forward  packets to OUTSIDE:PORT go to INSIDE:PORT (default --protocol tcp)\n"
            + "           e.g. nat:add forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp\n"
            + "  snat     sources in INSIDE leave as OUTSIDE with a port from --ports (default 1024-65535);\n"
            + "           ICMP echo identifiers are allocated like ports (default --protocol all)\n"
            + "           e.g. nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999\n"
            + "IPv4 only. Persistent rules: a weir.nat.rule factory configuration with type, inside, outside,\n"
            + "protocol and ports.";
    static final String REMOVE_HELP = "nat:remove - removes a rule added with nat:add\n"
            + "usage: nat:remove ID      (ids as nat:rules shows them)\n"
            + "Its active translations stay until their flows end; rules from configuration are removed by\n"
            + "deleting the configuration.";
    static final String FLOWS_HELP = "nat:flows - the active translations (one per translated flow)\n"
            + "usage: nat:flows\n"
            + "ORIGINAL is the first packet's tuple, TRANSLATED what it became; replies are translated back.\n"
            + "PACKETS counts original/reply direction; FLOWS the flows holding the translation as context.";
    static final String STATUS_HELP = "nat:status - the nat callout's registration, injector and counters\n"
            + "usage: nat:status";

    private final RuleBook book;
    private final NatCallout callout;

    @Activate
    public NatCommands(@Reference RuleBook book, @Reference NatCallout callout) {
        this.book = book;
        this.callout = callout;
    }

    /** {@code nat:rules}. */
    public String rules(String... args) {
        if (wantsHelp(args)) {
            return RULES_HELP;
        }
        if (args.length > 0) {
            return usage("nat:rules takes no arguments", "nat:rules");
        }
        TextTable table = new TextTable("ID", "TYPE", "INSIDE", "OUTSIDE", "PROTOCOL", "PORTS", "IN USE", "SOURCE");
        for (NatRule r : book.rules()) {
            RuleSpec s = r.spec;
            boolean forward = s.type() == RuleType.FORWARD;
            boolean snat = s.type() == RuleType.SNAT;
            table.row(r.id, s.type().word(), s.inside() + (forward ? ":" + s.insidePort() : ""),
                    s.outside() + (forward ? ":" + s.outsidePort() : ""), IpProtocol.text(s.protocols()),
                    snat ? s.portLow() + "-" + s.portHigh() : "-", snat ? Integer.toString(r.portsInUse()) : "-",
                    r.source);
        }
        StringBuilder sb = new StringBuilder(table.size() == 0 ? "no NAT rules\n" : table.toString());
        for (Map.Entry<String, String> e : book.rejections().entrySet()) {
            sb.append("rejected ").append(e.getValue()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** {@code nat:add TYPE INSIDE OUTSIDE [--protocol P] [--ports LOW-HIGH]}. */
    public String add(String... args) {
        if (wantsHelp(args)) {
            return ADD_HELP;
        }
        String command = ("nat:add " + String.join(" ", args)).trim();
        try {
            RuleSpec spec = parseAdd(args);
            NatRule rule = book.add(spec, "shell");
            return "added " + rule;
        } catch (RuleException e) {
            return command + ": " + e.getMessage();
        }
    }

    /** {@code nat:remove ID}. */
    public String remove(String... args) {
        if (wantsHelp(args)) {
            return REMOVE_HELP;
        }
        if (args.length != 1 || !args[0].matches("\\d{1,9}")) {
            return usage("nat:remove needs one rule id", "nat:remove 3 (ids as nat:rules shows them)");
        }
        int id = Integer.parseInt(args[0]);
        NatRule rule = book.get(id);
        if (rule == null) {
            return "nat:remove " + id + ": no rule " + id + "; nat:rules lists the rules in force";
        }
        if (!rule.source.equals("shell")) {
            return "nat:remove " + id + ": rule " + id + " comes from " + rule.source
                    + "; delete that configuration instead";
        }
        book.remove(id);
        long active = 0;
        for (Translation t : callout.translations()) {
            if (t.rule == rule) {
                active++;
            }
        }
        return "removed " + rule + (active == 0 ? "" : "; its " + active
                + " active translation(s) stay until their flows end");
    }

    /** {@code nat:flows}. */
    public String flows(String... args) {
        if (wantsHelp(args)) {
            return FLOWS_HELP;
        }
        if (args.length > 0) {
            return usage("nat:flows takes no arguments", "nat:flows");
        }
        List<Translation> list = callout.translations();
        if (list.isEmpty()) {
            return "no active translations";
        }
        long now = System.currentTimeMillis();
        TextTable table = new TextTable("ID", "RULE", "PROTO", "ORIGINAL", "TRANSLATED", "FLOWS", "PACKETS",
                "AGE");
        for (Translation t : list) {
            table.row(t.id, t.rule.id, t.protocolText(), t.originalText(), t.translatedText(), t.flows(),
                    t.originalPackets.get() + "/" + t.replyPackets.get(), (now - t.createdMillis) / 1000 + "s");
        }
        return table.toString().stripTrailing();
    }

    /** {@code nat:status}. */
    public String status(String... args) {
        if (wantsHelp(args)) {
            return STATUS_HELP;
        }
        if (args.length > 0) {
            return usage("nat:status takes no arguments", "nat:status");
        }
        StringBuilder sb = new StringBuilder();
        int id = callout.calloutId();
        sb.append("callout key ").append(NatCallout.KEY).append(", ")
                .append(id == 0 ? "not registered with the engine yet" : "calloutId " + id).append('\n');
        sb.append(callout.hasInjector() ? "injector present\n"
                : "no injector: packets pass untranslated (the shim offers one in bridge and offline modes)\n");
        sb.append("rules ").append(book.rules().size()).append(", active translations ")
                .append(callout.translations().size()).append('\n');
        TextTable counters = new TextTable("COUNT", "WHAT");
        for (NatCounter c : NatCounter.values()) {
            counters.row(callout.count(c), c.text());
        }
        sb.append(counters);
        for (String refused : callout.refusedFilters()) {
            sb.append(refused).append('\n');
        }
        return sb.toString().stripTrailing();
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
