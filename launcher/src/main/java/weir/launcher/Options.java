package weir.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Weir's command line. Parsing never throws anything but {@link UsageException}, whose message is the
 * one line a user sees before exit code 2.
 */
final class Options {

    boolean help;
    boolean version;
    boolean stackTraces;
    String command;
    Path deploy = Path.of("deploy");
    Path etc = Path.of("etc");
    Path data = Path.of("weir-data");
    /** --policy FILE: imported at start as one transaction. */
    Path policy;
    /** Exactly one source: --replay FILE, --live IF or --bridge IF_A,IF_B. */
    Path replay;
    String live;
    String bridge;
    /** --local CIDR,...: the addresses that decide direction. */
    String local;
    Path permitted;
    Path dropped;
    boolean batch;
    String summary = "text";
    /** --recover-store: start from the last good copy of a damaged engine store, saying what was lost. */
    boolean recoverStore;
    /** --trace EXPR: the live trace of the source's packets matching EXPR; --trace-count N walks at most. */
    String trace;
    long traceCount = 100;

    static final String USAGE = String.join("\n",
            "Usage: java -jar weir.jar [OPTIONS]",
            "",
            "Starts Weir's filter engine in an OSGi framework (Felix) with the Gogo shell on standard input.",
            "",
            "Options:",
            "  -c COMMAND       start, run one shell command, print its result and exit (0 ok, 1 failed)",
            "  --deploy DIR     bundles folder watched for hot deployment (default ./deploy)",
            "  --etc DIR        configuration folder for ConfigAdmin, *.cfg files (default ./etc)",
            "  --data DIR       Weir's data folder: engine store, framework cache (default ./weir-data)",
            "  --policy FILE    import a policy file (JSON) at start, all or nothing; errors exit 2",
            "  --recover-store  if the engine store is damaged, start from its last good copy and list what",
            "                   is lost (without it a damaged store stops the start with exit 1)",
            "",
            "Packet source (at most one):",
            "  --replay FILE    read a pcap or pcapng file through the layers (offline)",
            "  --live IF        capture on interface IF and count verdicts (monitor; needs root)",
            "  --bridge A,B     forward between interfaces A (inside) and B, dropping what is blocked (needs root)",
            "  --local CIDR,... addresses that are this host's: from them is outbound, to them inbound",
            "  --permitted FILE with --replay: write the permitted packets here",
            "  --dropped FILE   with --replay: write the dropped packets here",
            "  --batch          run the source to its end without a shell, print the summary, exit",
            "  --summary FMT    summary format: text (default) or json",
            "  --trace EXPR     print the walk through each layer of every packet matching EXPR (a filter's",
            "                   when, e.g. 'protocol == tcp and local.port == 22'); a bad EXPR exits 2",
            "  --trace-count N  stop tracing after N layer walks (default 100)",
            "  --stacktrace     print stack traces of errors (for bug reports)",
            "  --version        print Weir's version and exit",
            "  --help           print this help and exit",
            "",
            "Shell: Gogo on standard input; 'shutdown', end of input or SIGTERM stop Weir cleanly.",
            "Exit codes: 0 clean shutdown, 1 failure at start or failed -c command, 2 usage error, bad policy",
            "or --trace expression, or unreadable capture.");

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> o.help = true;
                case "--version" -> o.version = true;
                case "--stacktrace" -> o.stackTraces = true;
                case "-c", "--command" -> {
                    o.command = inline != null ? inline : value(rest, ++i, name);
                    if (o.command.isBlank()) {
                        throw new UsageException(name + " needs a shell command, e.g. -c \"lb\"");
                    }
                }
                case "--deploy" -> o.deploy = path(inline != null ? inline : value(rest, ++i, name), name);
                case "--etc" -> o.etc = path(inline != null ? inline : value(rest, ++i, name), name);
                case "--data" -> o.data = path(inline != null ? inline : value(rest, ++i, name), name);
                case "--policy" -> o.policy = file(inline != null ? inline : value(rest, ++i, name), name);
                case "--replay" -> o.replay = file(inline != null ? inline : value(rest, ++i, name), name);
                case "--live" -> o.live = word(inline != null ? inline : value(rest, ++i, name), name);
                case "--bridge" -> o.bridge = pair(inline != null ? inline : value(rest, ++i, name), name);
                case "--local" -> o.local = word(inline != null ? inline : value(rest, ++i, name), name);
                case "--permitted" -> o.permitted = path(inline != null ? inline : value(rest, ++i, name), name);
                case "--dropped" -> o.dropped = path(inline != null ? inline : value(rest, ++i, name), name);
                case "--batch" -> o.batch = true;
                case "--recover-store" -> o.recoverStore = true;
                case "--trace" -> {
                    o.trace = inline != null ? inline : value(rest, ++i, name);
                    if (o.trace.isBlank()) {
                        throw new UsageException("--trace needs an expression, e.g. --trace 'protocol == tcp'");
                    }
                }
                case "--trace-count" -> o.traceCount = count(inline != null ? inline : value(rest, ++i, name), name);
                case "--summary" -> {
                    o.summary = inline != null ? inline : value(rest, ++i, name);
                    if (!o.summary.equals("text") && !o.summary.equals("json")) {
                        throw new UsageException("--summary takes text or json, not " + o.summary);
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg + " (see --help)");
                    } else {
                        throw new UsageException("unexpected argument " + arg + " (see --help)");
                    }
                }
            }
        }
        o.check();
        return o;
    }

    private static long count(String v, String name) throws UsageException {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(name + " takes a number of 1 or more, not "
                + (v.length() > 40 ? v.substring(0, 40) + "..." : v));
    }

    /** Options that only make sense together. */
    private void check() throws UsageException {
        int sources = (replay != null ? 1 : 0) + (live != null ? 1 : 0) + (bridge != null ? 1 : 0);
        if (sources > 1) {
            throw new UsageException("choose one packet source: --replay, --live or --bridge");
        }
        if (batch && sources == 0) {
            throw new UsageException("--batch needs a packet source (--replay FILE, --live IF or --bridge A,B)");
        }
        if (batch && command != null) {
            throw new UsageException("--batch and -c cannot be combined");
        }
        if ((permitted != null || dropped != null) && replay == null) {
            throw new UsageException("--permitted and --dropped need --replay FILE");
        }
    }

    /** True when a source runs: the framework properties carry it to the shim. */
    boolean hasSource() {
        return replay != null || live != null || bridge != null;
    }

    private static Path file(String value, String name) throws UsageException {
        Path p = path(value, name);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(name + " " + value + ": no such file");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(name + " " + value + ": not readable by this user");
        }
        return p;
    }

    private static String word(String value, String name) throws UsageException {
        if (value.isBlank() || value.startsWith("-")) {
            throw new UsageException(name + " needs a value (see --help)");
        }
        return value;
    }

    private static String pair(String value, String name) throws UsageException {
        String[] p = value.split(",");
        if (p.length != 2 || p[0].isBlank() || p[1].isBlank() || p[0].equals(p[1])) {
            throw new UsageException(name + " takes two different interfaces, inside first: " + name + " IF_A,IF_B");
        }
        return value;
    }

    private static String value(List<String> args, int i, String name) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(name + " needs a value (see --help)");
        }
        return args.get(i);
    }

    private static Path path(String value, String name) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a file or folder name");
        }
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new UsageException(name + " " + value + " is not a valid path");
        }
    }

    /** A bad command line: the message is printed as one line and Weir exits with 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
