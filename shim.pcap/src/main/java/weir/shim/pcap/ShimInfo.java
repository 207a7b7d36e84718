package weir.shim.pcap;

import org.osgi.service.component.annotations.Component;
import org.pcap4j.core.Pcaps;

import weir.engine.api.shell.CommandError;

/** The {@code shim:libpcap} command: which libpcap the shim would use (or why none can be loaded). */
@Component(service = ShimInfo.class, property = {"osgi.command.scope=shim", "osgi.command.function=libpcap"})
public final class ShimInfo {
    static final String HELP = "shim:libpcap - the libpcap that live capture and bridging use, or why there is none\n"
            + "usage: shim:libpcap [--no-format]     (one line either way; reading capture files needs no libpcap)";

    /** The libpcap version string, or a one-line reason it cannot be loaded. */
    public String libpcap(String... args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return HELP;
            }
            if (!a.equals("--no-format")) {
                throw new CommandError("shim:libpcap: unexpected argument '" + a + "' (shim:libpcap --help)");
            }
        }
        try {
            return Pcaps.libVersion();
        } catch (Throwable e) {
            String why = String.valueOf(e.getMessage());
            int nl = why.indexOf('\n');
            return "libpcap not available: " + (nl < 0 ? why : why.substring(0, nl)).strip() + " (install libpcap0.8)";
        }
    }
}
