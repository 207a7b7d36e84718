package weir.shim.pcap.packet;

/**
 * The packet an ICMP or ICMPv6 error message is about: its IP header and the start of its transport
 * header, as the error quotes them (what WFP's ICMP_ERROR layers call the EMBEDDED_* fields). Part of a
 * {@link ParsedPacket}, reused with it.
 */
public final class EmbeddedPacket {
    boolean ok;
    int offset = -1;
    int ipVersion;
    int protocol = -1;
    int source4;
    int destination4;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    boolean hasPorts;
    int sourcePort;
    int destinationPort;

    void reset() {
        ok = false;
        offset = -1;
        ipVersion = 0;
        protocol = -1;
        source4 = 0;
        destination4 = 0;
        sourceHigh = 0;
        sourceLow = 0;
        destinationHigh = 0;
        destinationLow = 0;
        hasPorts = false;
        sourcePort = 0;
        destinationPort = 0;
    }

    /** True when the quoted IP header is there and sane: addresses and protocol are valid. */
    public boolean ok() {
        return ok;
    }

    /** Offset of the quoted IP header in the frame's array, or -1. */
    public int offset() {
        return offset;
    }

    /** 4 or 6 (0 when not {@link #ok()}). */
    public int ipVersion() {
        return ipVersion;
    }

    /** The quoted packet's upper-layer protocol (after IPv6 extension headers), or -1. */
    public int protocol() {
        return protocol;
    }

    /** IPv4 source address, host order. */
    public int sourceAddress4() {
        return source4;
    }

    /** IPv4 destination address, host order. */
    public int destinationAddress4() {
        return destination4;
    }

    /** IPv6 source address, first 8 bytes (network order of bytes, as a big-endian long). */
    public long sourceAddressHigh() {
        return sourceHigh;
    }

    public long sourceAddressLow() {
        return sourceLow;
    }

    public long destinationAddressHigh() {
        return destinationHigh;
    }

    public long destinationAddressLow() {
        return destinationLow;
    }

    /** True when ports were quoted (TCP, UDP; ICMP type and code in the port slots). */
    public boolean hasPorts() {
        return hasPorts;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }
}
