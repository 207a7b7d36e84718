package weir.shim.pcap.capture;

/**
 * Link-layer header types as capture files write them ({@code LINKTYPE_*} of tcpdump.org), the mapping to
 * and from the {@code DLT_*} values libpcap (and so pcap4j) reports on Linux, names for reports, and the
 * largest captured length libpcap accepts per type.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the capturing host. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** {@code DLT_RAW} as Linux libpcap reports it (and as some old files carry it): raw IPv4 or IPv6. */
    public static final int DLT_RAW = 12;
    /** {@code LINKTYPE_RAW}: raw IPv4 or IPv6, the version in the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the address family is always big-endian. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    /** libpcap's MAXIMUM_SNAPLEN: the largest frame it accepts for most link types. */
    public static final int MAXIMUM_SNAPLEN = 262144;

    private static final int DBUS = 231;
    private static final int USBPCAP = 249;
    private static final int EBHSCR = 279;

    private LinkType() {
    }

    /**
     * The largest captured length libpcap accepts for a link type ({@code max_snaplen_for_dlt}); a record
     * above it is taken as corruption.
     */
    public static int maximumSnaplen(int linkType) {
        switch (linkType) {
            case DBUS:
                return 128 * 1024 * 1024;
            case EBHSCR:
                return 8 * 1024 * 1024;
            case USBPCAP:
                return 1024 * 1024;
            default:
                return MAXIMUM_SNAPLEN;
        }
    }

    /**
     * The snapshot length libpcap works with for a file's snaplen field: 0 and values above the maximum
     * mean the maximum ({@code pcap_adjust_snapshot}). {@code snaplen} is unsigned.
     */
    public static int effectiveSnaplen(int linkType, int snaplen) {
        int max = maximumSnaplen(linkType);
        return snaplen == 0 || Integer.compareUnsigned(snaplen, max) > 0 ? max : snaplen;
    }

    /** The {@code DLT_*} value Linux libpcap reports for a file's {@code LINKTYPE_*} ({@code linktype_to_dlt}). */
    public static int toDlt(int linkType) {
        switch (linkType) {
            case 100:
                return 11; // ATM_RFC1483
            case RAW:
                return DLT_RAW;
            case 102:
                return 15; // SLIP_BSDOS
            case 103:
                return 16; // PPP_BSDOS
            case 106:
                return 19; // ATM_CLIP
            default:
                return linkType;
        }
    }

    /**
     * The {@code LINKTYPE_*} to write for a Linux {@code DLT_*} value ({@code dlt_to_linktype}), or -1 when
     * the value has none.
     */
    public static int fromDlt(int dlt) {
        if (dlt >= 0 && dlt <= 10 || dlt >= 104 && dlt <= 289) {
            return dlt;
        }
        switch (dlt) {
            case 11:
                return 100;
            case DLT_RAW:
                return RAW;
            case 15:
                return 102;
            case 16:
                return 103;
            case 19:
                return 106;
            case 32:
            case 50:
            case 51:
            case 99:
                return dlt;
            default:
                return -1;
        }
    }

    /** A short name for reports, e.g. {@code 127 (IEEE802_11_RADIOTAP)}; unknown values are just the number. */
    public static String describe(int linkType) {
        String name = name(linkType);
        return name == null ? Integer.toString(linkType) : linkType + " (" + name + ")";
    }

    /** The LINKTYPE_ name without the prefix, or null when this table does not know it. */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "ETHERNET";
            case 3: return "AX25";
            case 6: return "IEEE802_5";
            case 7: return "ARCNET_BSD";
            case 8: return "SLIP";
            case 9: return "PPP";
            case 10: return "FDDI";
            case DLT_RAW: return "RAW (DLT_RAW)";
            case 50: return "PPP_HDLC";
            case 51: return "PPP_ETHER";
            case 100: return "ATM_RFC1483";
            case RAW: return "RAW";
            case 104: return "C_HDLC";
            case 105: return "IEEE802_11";
            case 107: return "FRELAY";
            case LOOP: return "LOOP";
            case 109: return "ENC";
            case LINUX_SLL: return "LINUX_SLL";
            case 114: return "LTALK";
            case 117: return "PFLOG";
            case 119: return "IEEE802_11_PRISM";
            case 122: return "IP_OVER_FC";
            case 123: return "SUNATM";
            case 127: return "IEEE802_11_RADIOTAP";
            case 129: return "ARCNET_LINUX";
            case 138: return "APPLE_IP_OVER_IEEE1394";
            case 139: return "MTP2_WITH_PHDR";
            case 140: return "MTP2";
            case 141: return "MTP3";
            case 142: return "SCCP";
            case 143: return "DOCSIS";
            case 144: return "LINUX_IRDA";
            case 163: return "IEEE802_11_AVS";
            case 165: return "BACNET_MS_TP";
            case 166: return "PPP_PPPD";
            case 169: return "GPRS_LLC";
            case 177: return "LINUX_LAPD";
            case 187: return "BLUETOOTH_HCI_H4";
            case 189: return "USB_LINUX";
            case 192: return "PPI";
            case 195: return "IEEE802_15_4_WITHFCS";
            case 196: return "SITA";
            case 197: return "ERF";
            case 201: return "BLUETOOTH_HCI_H4_WITH_PHDR";
            case 202: return "AX25_KISS";
            case 203: return "LAPD";
            case 204: return "PPP_WITH_DIR";
            case 205: return "C_HDLC_WITH_DIR";
            case 206: return "FRELAY_WITH_DIR";
            case 209: return "IPMB_LINUX";
            case 215: return "IEEE802_15_4_NONASK_PHY";
            case 220: return "USB_LINUX_MMAPPED";
            case 224: return "FC_2";
            case 225: return "FC_2_WITH_FRAME_DELIMS";
            case 226: return "IPNET";
            case 227: return "CAN_SOCKETCAN";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case 230: return "IEEE802_15_4_NOFCS";
            case DBUS: return "DBUS";
            case 235: return "DVB_CI";
            case 236: return "MUX27010";
            case 237: return "STANAG_5066_D_PDU";
            case 239: return "NFLOG";
            case 240: return "NETANALYZER";
            case 241: return "NETANALYZER_TRANSPARENT";
            case 242: return "IPOIB";
            case 243: return "MPEG_2_TS";
            case 244: return "NG40";
            case 245: return "NFC_LLCP";
            case 247: return "INFINIBAND";
            case 248: return "SCTP";
            case USBPCAP: return "USBPCAP";
            case 250: return "RTAC_SERIAL";
            case 251: return "BLUETOOTH_LE_LL";
            case 253: return "NETLINK";
            case 254: return "BLUETOOTH_LINUX_MONITOR";
            case 255: return "BLUETOOTH_BREDR_BB";
            case 256: return "BLUETOOTH_LE_LL_WITH_PHDR";
            case 257: return "PROFIBUS_DL";
            case 258: return "PKTAP";
            case 259: return "EPON";
            case 260: return "IPMI_HPM_2";
            case 261: return "ZWAVE_R1_R2";
            case 262: return "ZWAVE_R3";
            case 263: return "WATTSTOPPER_DLM";
            case 264: return "ISO_14443";
            case 265: return "RDS";
            case 266: return "USB_DARWIN";
            case 268: return "SDLC";
            case 270: return "LORATAP";
            case 271: return "VSOCK";
            case 272: return "NORDIC_BLE";
            case 273: return "DOCSIS31_XRA31";
            case 274: return "ETHERNET_MPACKET";
            case 275: return "DISPLAYPORT_AUX";
            case LINUX_SLL2: return "LINUX_SLL2";
            case 278: return "OPENVIZSLA";
            case EBHSCR: return "EBHSCR";
            case 280: return "VPP_DISPATCH";
            case 281: return "DSA_TAG_BRCM";
            case 282: return "DSA_TAG_BRCM_PREPEND";
            case 283: return "IEEE802_15_4_TAP";
            case 284: return "DSA_TAG_DSA";
            case 285: return "DSA_TAG_EDSA";
            case 286: return "ELEE";
            case 287: return "Z_WAVE_SERIAL";
            case 288: return "USB_2_0";
            case 289: return "ATSC_ALP";
            default:
                return linkType >= 147 && linkType <= 162 ? "USER" + (linkType - 147) : null;
        }
    }
}
