package weir.shim.pcap.packet;

/**
 * Why a packet is malformed: the first header found cut short or inconsistent. Headers before it are
 * intact ({@link ParsedPacket#networkOk()}, {@link ParsedPacket#transportOk()} say how far).
 */
public enum Malformation {
    TRUNCATED_LINK_HEADER("link header (or a VLAN tag) cut short"),
    TOO_MANY_VLAN_TAGS("more VLAN tags than a frame plausibly has"),
    BAD_IP_VERSION("IP version missing or not the one the link header announces"),
    TRUNCATED_IPV4_HEADER("IPv4 header cut short"),
    BAD_IPV4_HEADER_LENGTH("IPv4 header length (IHL) below 5 words"),
    BAD_IPV4_TOTAL_LENGTH("IPv4 total length below the header length or beyond the frame"),
    TRUNCATED_IPV6_HEADER("IPv6 header cut short"),
    BAD_IPV6_PAYLOAD_LENGTH("IPv6 payload length beyond the frame"),
    TRUNCATED_EXTENSION_HEADER("IPv6 extension header (or IPv4 AH) cut short"),
    TOO_MANY_EXTENSION_HEADERS("IPv6 extension header chain too long"),
    TRUNCATED_TCP_HEADER("TCP header cut short"),
    BAD_TCP_DATA_OFFSET("TCP data offset below 5 words or beyond the IP packet"),
    TRUNCATED_UDP_HEADER("UDP header cut short"),
    BAD_UDP_LENGTH("UDP length below 8 or beyond the IP packet"),
    TRUNCATED_ICMP_HEADER("ICMP header cut short"),
    TRUNCATED_EMBEDDED_PACKET("ICMP error without the IP header and 8 bytes of the packet it is about"),
    BAD_EMBEDDED_PACKET("ICMP error about a packet of another IP version or with a bad header");

    private final String description;

    Malformation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
