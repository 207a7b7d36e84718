package weir.shim.pcap.path;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import weir.shim.pcap.packet.ParsedPacket;
import weir.shim.pcap.values.PacketDirection;

/**
 * The host Weir stands for (option {@code --local CIDR,...}): a packet from a local address is OUTBOUND, one
 * to a local address INBOUND, one between two others FORWARD (WFP's IPFORWARD). With no addresses at all
 * every packet counts as INBOUND: a capture file says nothing about whose it is. Immutable; testing a packet
 * loops over primitive arrays.
 */
public final class LocalAddresses {
    private static final LocalAddresses NONE = new LocalAddresses("", new int[0], new int[0], new long[0],
            new long[0], new int[0]);

    private final String text;
    private final int[] v4;
    private final int[] v4Mask;
    private final long[] v6High;
    private final long[] v6Low;
    private final int[] v6Prefix;

    private LocalAddresses(String text, int[] v4, int[] v4Mask, long[] v6High, long[] v6Low, int[] v6Prefix) {
        this.text = text;
        this.v4 = v4;
        this.v4Mask = v4Mask;
        this.v6High = v6High;
        this.v6Low = v6Low;
        this.v6Prefix = v6Prefix;
    }

    /** No local addresses: every packet is inbound. */
    public static LocalAddresses none() {
        return NONE;
    }

    /**
     * Parses a comma-separated list of IPv4 and IPv6 addresses and prefixes ({@code 10.0.0.2},
     * {@code 10.0.0.0/8}, {@code 2001:db8::/32}). Host names are refused: no DNS look-up happens here.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad entry
     */
    public static LocalAddresses parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<int[]> four = new ArrayList<>();
        List<long[]> six = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String address = entry;
            int prefix = -1;
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                address = entry.substring(0, slash);
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(entry, "the prefix length is not a number");
                }
            }
            if (address.indexOf(':') >= 0) {
                byte[] b = v6(entry, address);
                if (prefix > 128) {
                    throw bad(entry, "an IPv6 prefix length is 0..128");
                }
                ByteBuffer bb = ByteBuffer.wrap(b);
                six.add(new long[] {bb.getLong(), bb.getLong(), prefix < 0 ? 128 : prefix});
            } else {
                int a = v4(entry, address);
                if (prefix > 32) {
                    throw bad(entry, "an IPv4 prefix length is 0..32");
                }
                int p = prefix < 0 ? 32 : prefix;
                int mask = p == 0 ? 0 : -1 << (32 - p);
                four.add(new int[] {a & mask, mask});
            }
        }
        if (four.isEmpty() && six.isEmpty()) {
            return NONE;
        }
        int[] v4 = new int[four.size()];
        int[] v4Mask = new int[four.size()];
        for (int i = 0; i < v4.length; i++) {
            v4[i] = four.get(i)[0];
            v4Mask[i] = four.get(i)[1];
        }
        long[] high = new long[six.size()];
        long[] low = new long[six.size()];
        int[] prefix = new int[six.size()];
        for (int i = 0; i < high.length; i++) {
            long[] e = six.get(i);
            prefix[i] = (int) e[2];
            high[i] = e[0] & mask(prefix[i]);
            low[i] = e[1] & mask(prefix[i] - 64);
        }
        return new LocalAddresses(String.join(",", Arrays.stream(list.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toArray(String[]::new)), v4, v4Mask, high, low, prefix);
    }

    private static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static int v4(String entry, String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(entry, "not an IPv4 or IPv6 address or prefix");
        }
        int a = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw bad(entry, "not an IPv4 or IPv6 address or prefix");
            }
            int n = Integer.parseInt(part);
            if (n > 255) {
                throw bad(entry, "an IPv4 address has four numbers 0..255");
            }
            a = (a << 8) | n;
        }
        return a;
    }

    private static byte[] v6(String entry, String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw bad(entry, "not an IPv4 or IPv6 address or prefix");
        }
        try {
            // a literal with ':' is parsed, never looked up
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            throw bad(entry, "not an IPv6 address");
        }
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("--local " + entry + ": " + why
                + " (give addresses or prefixes such as 10.0.0.2,192.0.2.0/24,2001:db8::/32)");
    }

    /** True when no address is local: every packet is inbound. */
    public boolean isEmpty() {
        return v4.length == 0 && v6High.length == 0;
    }

    /** The list as given (normalised spacing), empty when none. */
    @Override
    public String toString() {
        return text;
    }

    /** The direction of a packet with addresses. */
    public PacketDirection direction(ParsedPacket p) {
        if (isEmpty()) {
            return PacketDirection.INBOUND;
        }
        if (p.ipVersion() == 4) {
            if (local4(p.sourceAddress4())) {
                return PacketDirection.OUTBOUND;
            }
            return local4(p.destinationAddress4()) ? PacketDirection.INBOUND : PacketDirection.FORWARD;
        }
        if (local6(p.sourceAddressHigh(), p.sourceAddressLow())) {
            return PacketDirection.OUTBOUND;
        }
        return local6(p.destinationAddressHigh(), p.destinationAddressLow()) ? PacketDirection.INBOUND
                : PacketDirection.FORWARD;
    }

    /** True when an IPv4 address (host order) is local. */
    public boolean local4(int address) {
        for (int i = 0; i < v4.length; i++) {
            if ((address & v4Mask[i]) == v4[i]) {
                return true;
            }
        }
        return false;
    }

    /** True when an IPv6 address (first and last 8 bytes) is local. */
    public boolean local6(long high, long low) {
        for (int i = 0; i < v6High.length; i++) {
            if ((high & mask(v6Prefix[i])) == v6High[i] && (low & mask(v6Prefix[i] - 64)) == v6Low[i]) {
                return true;
            }
        }
        return false;
    }
}
