package weir.shim.pcap.packet;

/** What parsing made of a frame. Every frame is exactly one of these. */
public enum PacketStatus {
    /** IP packet whose headers, as far as the parser reads them, are intact and consistent. */
    OK,
    /** A header is cut short or inconsistent: see {@link ParsedPacket#malformation()}. */
    MALFORMED,
    /** The capture's link type is not one the shim parses: see {@link ParsedPacket#linkType()}. */
    UNSUPPORTED_LINK_TYPE,
    /** An intact link header carrying something else than IPv4 or IPv6 (ARP, LLDP, STP, ...). */
    NOT_IP
}
