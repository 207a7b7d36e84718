package weir.shim.pcap.live;

import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the system says about a network interface: its index, its MTU, its addresses (Linux's sysfs, Java). */
public final class Interfaces {
    private Interfaces() {
    }

    /** Linux's index of the interface (INTERFACE_INDEX), or -1 when it cannot be read. */
    static long index(String name) {
        String s = sysfs(name, "ifindex");
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The interface's MTU, or -1 when it cannot be read. */
    static int mtu(String name) {
        String s = sysfs(name, "mtu");
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String sysfs(String name, String attribute) {
        try {
            return Files.readString(Path.of("/sys/class/net", name, attribute)).strip();
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    /** The interface's own addresses as a {@code --local} list (empty when it has none). */
    public static String addresses(String name) {
        List<String> out = new ArrayList<>();
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif != null) {
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    // RFC 5952 (::1), not the JDK's 0:0:0:0:0:0:0:1%lo: the list is shown as --local
                    java.net.InetAddress ia = a.getAddress();
                    out.add(ia instanceof java.net.Inet6Address ? weir.engine.api.Value.formatV6(ia.getAddress())
                            : ia.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // no addresses known: every packet then reads as forwarded or inbound, and the summary says so
        }
        return String.join(",", out);
    }
}
