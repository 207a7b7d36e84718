package weir.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weir's command line. Parsing never throws anything but {@link UsageException}, whose message is the
 * one line a user sees before exit code 2.
 */
final class Options {
    /** Options that later versions implement; recognised now so that scripts fail clearly. */
    static final List<String> RESERVED = List.of("--replay", "--live", "--bridge", "--policy", "--batch",
            "--permitted", "--dropped", "--local", "--summary");

    boolean help;
    boolean version;
    boolean stackTraces;
    String command;
    Path deploy = Path.of("deploy");
    Path etc = Path.of("etc");
    Path data = Path.of("weir-data");
    /** Reserved source/policy options seen on the command line, in order, with their values. */
    final Map<String, String> reserved = new LinkedHashMap<>();

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
            "  --stacktrace     print stack traces of errors (for bug reports)",
            "  --version        print Weir's version and exit",
            "  --help           print this help and exit",
            "",
            "Reserved for later versions: " + String.join(", ", RESERVED),
            "",
            "Shell: Gogo on standard input; 'shutdown', end of input or SIGTERM stop Weir cleanly.",
            "Exit codes: 0 clean shutdown, 1 failure at start or failed -c command, 2 usage error.");

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
                default -> {
                    if (RESERVED.contains(name)) {
                        boolean flag = name.equals("--batch");
                        o.reserved.put(name, flag ? "" : inline != null ? inline : value(rest, ++i, name));
                    } else if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg + " (see --help)");
                    } else {
                        throw new UsageException("unexpected argument " + arg + " (see --help)");
                    }
                }
            }
        }
        return o;
    }

    private static String value(List<String> args, int i, String name) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(name + " needs a value (see --help)");
        }
        return args.get(i);
    }

    private static Path path(String value, String name) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a folder name");
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
