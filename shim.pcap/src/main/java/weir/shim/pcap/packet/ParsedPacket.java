package weir.shim.pcap.packet;

import weir.engine.api.LayerData;

/**
 * What {@link PacketParser} read from one frame, in place: offsets into the frame's array and the header
 * values, as primitives. One object per parser thread, refilled for every packet. It is the packet's
 * {@link LayerData} too, so it can go to the engine as it is.
 *
 * <p>Addresses and ports are host-order numbers (D15): an IPv4 address is an int, an IPv6 address two longs
 * (first 8 bytes, last 8 bytes, each big-endian). For ICMP and ICMPv6 the type and code sit in the port
 * slots (source port = type, destination port = code), as WFP puts them in its local/remote port fields.
 *
 * <p>How far parsing got: {@link #networkOk()} means the IP header is intact and consistent (the IP packet
 * layers can classify); {@link #transportOk()} means the transport layers can classify: the TCP, UDP or
 * ICMP header is intact, or the protocol has no header the shim reads, or the packet is a non-first
 * fragment (whose transport fields are EMPTY, D14).
 */
public final class ParsedPacket implements LayerData {
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;
    public static final int TCP_ECE = 0x40;
    public static final int TCP_CWR = 0x80;

    byte[] array;
    int offset;
    int length;
    int originalLength;
    int linkType;

    PacketStatus status;
    Malformation malformation;
    boolean networkOk;
    boolean transportOk;

    int linkProtocol;
    int vlanCount;
    int outerVlan;
    int innerVlan;
    int linkPacketType;
    long linkInterfaceIndex;

    int ipVersion;
    int networkOffset;
    int networkHeaderLength;
    int ipLength;
    boolean hasAddresses;
    int source4;
    int destination4;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int protocol;
    int hopLimit;
    boolean fragment;
    boolean laterFragment;
    boolean moreFragments;
    int fragmentOffset;
    long fragmentId;
    boolean loopback;

    int transportOffset;
    int transportHeaderLength;
    boolean hasPorts;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    long tcpSequence;
    long tcpAcknowledgement;
    boolean icmp;
    boolean icmpError;
    int payloadOffset;
    int payloadLength;

    final EmbeddedPacket embedded = new EmbeddedPacket();

    void reset(byte[] array, int offset, int length, int originalLength, int linkType) {
        // references are stored only when they change: each store costs the collector's write barrier (with G1
        // a memory fence when the two objects lie in different old regions), and a source hands the parser
        // the same few arrays and mostly OK packets
        if (this.array != array) {
            this.array = array;
        }
        this.offset = offset;
        this.length = length;
        this.originalLength = originalLength;
        this.linkType = linkType;
        if (status != PacketStatus.OK) {
            status = PacketStatus.OK;
        }
        if (malformation != null) {
            malformation = null;
        }
        networkOk = false;
        transportOk = false;
        linkProtocol = -1;
        vlanCount = 0;
        outerVlan = -1;
        innerVlan = -1;
        linkPacketType = -1;
        linkInterfaceIndex = -1;
        ipVersion = 0;
        networkOffset = -1;
        networkHeaderLength = 0;
        ipLength = 0;
        hasAddresses = false;
        source4 = 0;
        destination4 = 0;
        sourceHigh = 0;
        sourceLow = 0;
        destinationHigh = 0;
        destinationLow = 0;
        protocol = -1;
        hopLimit = -1;
        fragment = false;
        laterFragment = false;
        moreFragments = false;
        fragmentOffset = 0;
        fragmentId = 0;
        loopback = false;
        transportOffset = -1;
        transportHeaderLength = 0;
        hasPorts = false;
        sourcePort = 0;
        destinationPort = 0;
        tcpFlags = 0;
        tcpSequence = 0;
        tcpAcknowledgement = 0;
        icmp = false;
        icmpError = false;
        payloadOffset = -1;
        payloadLength = 0;
        embedded.reset();
    }

    /** Records the first problem; later ones do not overwrite it. */
    void malformed(Malformation reason) {
        if (status == PacketStatus.OK) {
            status = PacketStatus.MALFORMED;
            malformation = reason;
        }
    }

    // --- the frame (LayerData) ---

    @Override
    public byte[] array() {
        return array;
    }

    @Override
    public int offset() {
        return offset;
    }

    /** Captured length of the frame. */
    @Override
    public int length() {
        return length;
    }

    /** Length on the wire (unsigned), as the capture recorded it. */
    public int originalLength() {
        return originalLength;
    }

    public int linkType() {
        return linkType;
    }

    // --- outcome ---

    public PacketStatus status() {
        return status;
    }

    /** The first problem found, or null unless {@link #status()} is MALFORMED. */
    public Malformation malformation() {
        return malformation;
    }

    public boolean networkOk() {
        return networkOk;
    }

    public boolean transportOk() {
        return transportOk;
    }

    // --- link ---

    /**
     * What the link header says comes next: the EtherType (after VLAN tags and LLC/SNAP) for Ethernet and
     * Linux cooked captures, the address family for BSD null/loopback, -1 for raw IP.
     */
    public int linkProtocol() {
        return linkProtocol;
    }

    /** 802.1Q/802.1ad tags seen. */
    public int vlanCount() {
        return vlanCount;
    }

    /** The outermost VLAN id, or -1. */
    public int outerVlan() {
        return outerVlan;
    }

    /** The innermost VLAN id when there are two or more tags, or -1. */
    public int innerVlan() {
        return innerVlan;
    }

    /**
     * The Linux cooked header's packet type (0 to this host, 1 broadcast, 2 multicast, 3 to another host,
     * 4 sent by this host), or -1: a hint for the direction.
     */
    public int linkPacketType() {
        return linkPacketType;
    }

    /** The interface index of a LINUX_SLL2 header, or -1. */
    public long linkInterfaceIndex() {
        return linkInterfaceIndex;
    }

    // --- network ---

    /** 4, 6, or 0 when no IP header was found. */
    public int ipVersion() {
        return ipVersion;
    }

    @Override
    public int networkOffset() {
        return networkOffset;
    }

    /** IP header length in bytes: IPv4 with options; IPv6 with its extension headers. */
    public int networkHeaderLength() {
        return networkHeaderLength;
    }

    /** The IP packet's length as its header declares it (IPv4 total length, IPv6 40 + payload length). */
    public int ipLength() {
        return ipLength;
    }

    /** True when source and destination addresses were read (they may be set on a malformed packet). */
    public boolean hasAddresses() {
        return hasAddresses;
    }

    public int sourceAddress4() {
        return source4;
    }

    public int destinationAddress4() {
        return destination4;
    }

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

    /** The upper-layer protocol (after IPv6 extension headers and IPv4 AH), or -1. */
    public int protocol() {
        return protocol;
    }

    /** TTL or hop limit, or -1. */
    public int hopLimit() {
        return hopLimit;
    }

    /** IS_FRAGMENT in WFP's sense (D14): a non-first fragment, or a first one with more to come. */
    public boolean fragment() {
        return fragment;
    }

    /** A fragment other than the first: it carries no transport header, its ports are EMPTY. */
    public boolean laterFragment() {
        return laterFragment;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** IPv4 identification or IPv6 fragment header identification. */
    public long fragmentId() {
        return fragmentId;
    }

    /** Source or destination in 127.0.0.0/8 or ::1 (WFP's IS_LOOPBACK). */
    public boolean loopback() {
        return loopback;
    }

    // --- transport ---

    @Override
    public int transportOffset() {
        return transportOffset;
    }

    public int transportHeaderLength() {
        return transportHeaderLength;
    }

    /** True when ports were read from an intact header (TCP, UDP; ICMP type and code). */
    public boolean hasPorts() {
        return hasPorts;
    }

    /** TCP/UDP source port, or the ICMP type. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP/UDP destination port, or the ICMP code. */
    public int destinationPort() {
        return destinationPort;
    }

    /** TCP flags ({@link #TCP_FIN} ...), the NS bit as 0x100. */
    public int tcpFlags() {
        return tcpFlags;
    }

    public long tcpSequence() {
        return tcpSequence;
    }

    public long tcpAcknowledgement() {
        return tcpAcknowledgement;
    }

    /** ICMP over IPv4 or ICMPv6 over IPv6, with an intact header. */
    public boolean icmp() {
        return icmp;
    }

    public int icmpType() {
        return icmp ? sourcePort : -1;
    }

    public int icmpCode() {
        return icmp ? destinationPort : -1;
    }

    /** An ICMP error message (v4 types 3, 4, 5, 11, 12; v6 types 1 to 4) rather than an informational one. */
    public boolean icmpError() {
        return icmpError;
    }

    /**
     * Where the transport payload starts (after TCP, UDP, ICMP headers; the upper-layer header itself for
     * other protocols), or -1. Never beyond the captured bytes.
     */
    @Override
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length as the headers declare it (the capture may hold fewer bytes). */
    public int payloadLength() {
        return payloadLength;
    }

    /** Payload bytes the capture holds. */
    public int capturedPayloadLength() {
        if (payloadOffset < 0) {
            return 0;
        }
        return Math.max(0, Math.min(payloadLength, offset + length - payloadOffset));
    }

    /** The packet an ICMP error quotes ({@link EmbeddedPacket#ok()} false when there is none). */
    public EmbeddedPacket embedded() {
        return embedded;
    }
}
