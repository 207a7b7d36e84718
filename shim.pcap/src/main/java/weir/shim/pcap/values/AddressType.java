package weir.shim.pcap.values;

/**
 * WFP's {@code NL_ADDRESS_TYPE}, the value of the IP_LOCAL_ADDRESS_TYPE, IP_DESTINATION_ADDRESS_TYPE and
 * EMBEDDED_LOCAL_ADDRESS_TYPE fields (UINT8): NlatUnspecified 0, NlatUnicast 1, NlatAnycast 2,
 * NlatMulticast 3, NlatBroadcast 4, NlatInvalid 5.
 *
 * <p>From the address alone: 0.0.0.0 and :: are UNSPECIFIED, 255.255.255.255 is BROADCAST, 224.0.0.0/4 and
 * ff00::/8 are MULTICAST, everything else is UNICAST. A subnet's directed broadcast needs the interface's
 * prefix and an anycast address the host's configuration; neither is known from a packet, so both read as
 * UNICAST.
 */
public final class AddressType {
    public static final int UNSPECIFIED = 0;
    public static final int UNICAST = 1;
    public static final int ANYCAST = 2;
    public static final int MULTICAST = 3;
    public static final int BROADCAST = 4;
    public static final int INVALID = 5;

    private AddressType() {
    }

    /** The type of an IPv4 address (host order). */
    public static int ofV4(int address) {
        if (address == 0) {
            return UNSPECIFIED;
        }
        if (address == -1) {
            return BROADCAST;
        }
        return address >>> 28 == 0xE ? MULTICAST : UNICAST;
    }

    /** The type of an IPv6 address given as its first and last 8 bytes. */
    public static int ofV6(long high, long low) {
        if (high == 0 && low == 0) {
            return UNSPECIFIED;
        }
        return high >>> 56 == 0xFF ? MULTICAST : UNICAST;
    }
}
