package weir.shim.pcap;

import org.osgi.service.component.annotations.Component;
import org.pcap4j.core.Pcaps;

/** The {@code shim:libpcap} command: which libpcap the shim would use (or why none can be loaded). */
@Component(service = ShimInfo.class, property = {"osgi.command.scope=shim", "osgi.command.function=libpcap"})
public final class ShimInfo {
    /** The libpcap version string, or a one-line reason it cannot be loaded. */
    public String libpcap() {
        try {
            return Pcaps.libVersion();
        } catch (Throwable e) {
            String why = String.valueOf(e.getMessage());
            int nl = why.indexOf('\n');
            return "libpcap not available: " + (nl < 0 ? why : why.substring(0, nl)).strip() + " (install libpcap0.8)";
        }
    }
}
