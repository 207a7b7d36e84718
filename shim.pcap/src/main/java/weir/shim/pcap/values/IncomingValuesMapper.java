package weir.shim.pcap.values;

import weir.engine.api.ConditionFlag;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.shim.pcap.packet.EmbeddedPacket;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * Fills a layer's incoming values from a parsed packet: every field of the layer's schema that a packet can
 * supply, the others EMPTY. What each slot takes is worked out once per layer in the constructor, so filling
 * is a loop over an int array: no {@code Layer.indexOf}, no allocation, no lock. Thread-safe (immutable).
 *
 * <p>The rules, in WFP's terms:
 * <ul>
 * <li>IP_LOCAL_ADDRESS is the source of an OUTBOUND packet and the destination otherwise;
 * IP_REMOTE_ADDRESS the other one. IPFORWARD's IP_SOURCE/DESTINATION_ADDRESS are the packet's own.</li>
 * <li>IP_LOCAL_PORT/IP_REMOTE_PORT follow the addresses (TCP, UDP). For ICMP and ICMPv6 the local-port slot
 * holds the type and the remote-port slot the code, whatever the direction (WFP's ICMP_TYPE and ICMP_CODE
 * are those slots). A non-first fragment has no ports: EMPTY (D14).</li>
 * <li>IP_LOCAL_ADDRESS_TYPE is the {@link AddressType} of the local address; IP_DESTINATION_ADDRESS_TYPE of
 * the packet's destination.</li>
 * <li>DIRECTION is OUTBOUND 0 or INBOUND 1 (FORWARD reads as INBOUND). FLAGS has IS_LOOPBACK (127.0.0.0/8
 * or ::1 at either end), IS_FRAGMENT (D14), and the bits given as input (IS_REAUTHORIZE, ...).</li>
 * <li>INTERFACE_INDEX is the given index; also ARRIVAL_INTERFACE_INDEX for a packet coming in,
 * NEXTHOP_INTERFACE_INDEX for one going out, SOURCE_INTERFACE_INDEX at IPFORWARD.</li>
 * <li>EMBEDDED_* (ICMP error layers) describe the packet the error quotes, seen from this host: an error
 * coming in quotes a packet this host sent, so its source is the local end; an error going out quotes a
 * packet this host received, so its destination is.</li>
 * </ul>
 */
public final class IncomingValuesMapper {
    private static final int NONE = 0;
    private static final int LOCAL_ADDRESS = 1;
    private static final int REMOTE_ADDRESS = 2;
    private static final int SOURCE_ADDRESS = 3;
    private static final int DESTINATION_ADDRESS = 4;
    private static final int LOCAL_ADDRESS_TYPE = 5;
    private static final int DESTINATION_ADDRESS_TYPE = 6;
    private static final int PROTOCOL = 7;
    private static final int LOCAL_PORT = 8;
    private static final int REMOTE_PORT = 9;
    private static final int ICMP_TYPE = 10;
    private static final int ICMP_CODE = 11;
    private static final int DIRECTION = 12;
    private static final int FLAGS = 13;
    private static final int INTERFACE_INDEX = 14;
    private static final int ARRIVAL_INTERFACE_INDEX = 15;
    private static final int NEXTHOP_INTERFACE_INDEX = 16;
    private static final int SOURCE_INTERFACE_INDEX = 17;
    private static final int EMBEDDED_PROTOCOL = 18;
    private static final int EMBEDDED_REMOTE_ADDRESS = 19;
    private static final int EMBEDDED_LOCAL_ADDRESS_TYPE = 20;
    private static final int EMBEDDED_LOCAL_PORT = 21;
    private static final int EMBEDDED_REMOTE_PORT = 22;

    private static final int ROLES = 23;

    /**
     * Per layer (by ordinal), the field index of each role, -1 when the layer has no such field: filling is a
     * run of tests that go the same way for every packet at a layer, not a switch per field.
     */
    private final int[][] at;
    /** Per layer, whether it has any EMBEDDED_* field (the ICMP error layers). */
    private final boolean[] embedded;

    public IncomingValuesMapper() {
        Layer[] layers = Layer.values();
        at = new int[layers.length][];
        embedded = new boolean[layers.length];
        for (Layer layer : layers) {
            int[] a = new int[ROLES];
            java.util.Arrays.fill(a, -1);
            for (int i = 0; i < layer.fields().size(); i++) {
                int r = role(layer.fields().get(i));
                if (r != NONE) {
                    a[r] = i;
                    embedded[layer.ordinal()] |= r >= EMBEDDED_PROTOCOL;
                }
            }
            at[layer.ordinal()] = a;
        }
    }

    private static int role(Field field) {
        switch (field) {
            case IP_LOCAL_ADDRESS: return LOCAL_ADDRESS;
            case IP_REMOTE_ADDRESS: return REMOTE_ADDRESS;
            case IP_SOURCE_ADDRESS: return SOURCE_ADDRESS;
            case IP_DESTINATION_ADDRESS: return DESTINATION_ADDRESS;
            case IP_LOCAL_ADDRESS_TYPE: return LOCAL_ADDRESS_TYPE;
            case IP_DESTINATION_ADDRESS_TYPE: return DESTINATION_ADDRESS_TYPE;
            case IP_PROTOCOL: return PROTOCOL;
            case IP_LOCAL_PORT: return LOCAL_PORT;
            case IP_REMOTE_PORT: return REMOTE_PORT;
            case ICMP_TYPE: return ICMP_TYPE;
            case ICMP_CODE: return ICMP_CODE;
            case DIRECTION: return DIRECTION;
            case FLAGS: return FLAGS;
            case INTERFACE_INDEX: return INTERFACE_INDEX;
            case ARRIVAL_INTERFACE_INDEX: return ARRIVAL_INTERFACE_INDEX;
            case NEXTHOP_INTERFACE_INDEX: return NEXTHOP_INTERFACE_INDEX;
            case SOURCE_INTERFACE_INDEX: return SOURCE_INTERFACE_INDEX;
            case EMBEDDED_PROTOCOL: return EMBEDDED_PROTOCOL;
            case EMBEDDED_REMOTE_ADDRESS: return EMBEDDED_REMOTE_ADDRESS;
            case EMBEDDED_LOCAL_ADDRESS_TYPE: return EMBEDDED_LOCAL_ADDRESS_TYPE;
            case EMBEDDED_LOCAL_PORT: return EMBEDDED_LOCAL_PORT;
            case EMBEDDED_REMOTE_PORT: return EMBEDDED_REMOTE_PORT;
            default: return NONE;
        }
    }

    /**
     * Clears {@code values} and fills what the packet supplies for {@code values.layer()}: addresses when
     * the parser read them, the protocol when the IP header (and IPv6 chain) is intact, ports when the
     * transport header is. Which layers a packet is classified at is the caller's choice
     * ({@link ParsedPacket#networkOk()}, {@link ParsedPacket#transportOk()}).
     *
     * @param direction which end is local
     * @param interfaceIndex the capturing interface's index, or a negative number when unknown (EMPTY)
     * @param inputFlags FLAGS bits the caller knows ({@link ConditionFlag#code()}s OR-ed, e.g.
     *            IS_REAUTHORIZE); the packet adds IS_LOOPBACK and IS_FRAGMENT
     * @return false, with every slot EMPTY, when the packet has no IP addresses of the layer's version
     */
    public boolean fill(IncomingValues values, ParsedPacket packet, PacketDirection direction, long interfaceIndex,
            int inputFlags) {
        values.clear();
        Layer layer = values.layer();
        boolean v4 = layer.ipVersion() == IpVersion.V4;
        if (!packet.hasAddresses() || packet.ipVersion() != (v4 ? 4 : 6)) {
            return false;
        }
        boolean out = direction.sourceIsLocal();
        int flags = inputFlags;
        if (packet.loopback()) {
            flags |= ConditionFlag.IS_LOOPBACK.code();
        }
        if (packet.fragment()) {
            flags |= ConditionFlag.IS_FRAGMENT.code();
        }
        int[] a = at[layer.ordinal()];
        int i;
        if ((i = a[LOCAL_ADDRESS]) >= 0) {
            address(values, i, v4, packet, !out);
        }
        if ((i = a[REMOTE_ADDRESS]) >= 0) {
            address(values, i, v4, packet, out);
        }
        if ((i = a[SOURCE_ADDRESS]) >= 0) {
            address(values, i, v4, packet, false);
        }
        if ((i = a[DESTINATION_ADDRESS]) >= 0) {
            address(values, i, v4, packet, true);
        }
        if ((i = a[LOCAL_ADDRESS_TYPE]) >= 0) {
            values.setLong(i, addressType(v4, packet, !out));
        }
        if ((i = a[DESTINATION_ADDRESS_TYPE]) >= 0) {
            values.setLong(i, addressType(v4, packet, true));
        }
        if ((i = a[PROTOCOL]) >= 0 && packet.networkOk() && packet.protocol() >= 0) {
            values.setLong(i, packet.protocol());
        }
        if (packet.hasPorts()) {
            boolean sourceIsLocalPort = packet.icmp() || out;
            if ((i = a[LOCAL_PORT]) >= 0) {
                values.setLong(i, sourceIsLocalPort ? packet.sourcePort() : packet.destinationPort());
            }
            if ((i = a[REMOTE_PORT]) >= 0) {
                values.setLong(i, sourceIsLocalPort ? packet.destinationPort() : packet.sourcePort());
            }
        }
        if (packet.icmp()) {
            if ((i = a[ICMP_TYPE]) >= 0) {
                values.setLong(i, packet.icmpType());
            }
            if ((i = a[ICMP_CODE]) >= 0) {
                values.setLong(i, packet.icmpCode());
            }
        }
        if ((i = a[DIRECTION]) >= 0) {
            values.setLong(i, direction.wfp().code());
        }
        if ((i = a[FLAGS]) >= 0) {
            values.setLong(i, flags & 0xFFFFFFFFL);
        }
        if (interfaceIndex >= 0) {
            if ((i = a[INTERFACE_INDEX]) >= 0) {
                values.setLong(i, interfaceIndex);
            }
            if ((i = a[SOURCE_INTERFACE_INDEX]) >= 0) {
                values.setLong(i, interfaceIndex);
            }
            if ((i = a[out ? NEXTHOP_INTERFACE_INDEX : ARRIVAL_INTERFACE_INDEX]) >= 0) {
                values.setLong(i, interfaceIndex);
            }
        }
        if (embedded[layer.ordinal()] && packet.icmpError()) {
            EmbeddedPacket e = packet.embedded();
            if (e.ok()) {
                // an error coming in quotes a packet this host sent: its source is the local end
                embedded(values, a, v4, e, !out);
            }
        }
        return true;
    }

    /** The EMBEDDED_* fields of an ICMP error layer, from the datagram the error quotes. */
    private static void embedded(IncomingValues values, int[] a, boolean v4, EmbeddedPacket e,
            boolean quotedSourceIsLocal) {
        int i;
        if ((i = a[EMBEDDED_PROTOCOL]) >= 0 && e.protocol() >= 0) {
            values.setLong(i, e.protocol());
        }
        if ((i = a[EMBEDDED_REMOTE_ADDRESS]) >= 0) {
            embeddedAddress(values, i, v4, e, quotedSourceIsLocal);
        }
        if ((i = a[EMBEDDED_LOCAL_ADDRESS_TYPE]) >= 0) {
            values.setLong(i, embeddedAddressType(v4, e, !quotedSourceIsLocal));
        }
        if (e.hasPorts()) {
            boolean sourceIsLocalPort = quotedIcmp(e) || quotedSourceIsLocal;
            if ((i = a[EMBEDDED_LOCAL_PORT]) >= 0) {
                values.setLong(i, sourceIsLocalPort ? e.sourcePort() : e.destinationPort());
            }
            if ((i = a[EMBEDDED_REMOTE_PORT]) >= 0) {
                values.setLong(i, sourceIsLocalPort ? e.destinationPort() : e.sourcePort());
            }
        }
    }

    private static void address(IncomingValues values, int i, boolean v4, ParsedPacket p, boolean destination) {
        if (v4) {
            values.setLong(i, Integer.toUnsignedLong(destination ? p.destinationAddress4() : p.sourceAddress4()));
        } else if (destination) {
            values.setV6(i, p.destinationAddressHigh(), p.destinationAddressLow());
        } else {
            values.setV6(i, p.sourceAddressHigh(), p.sourceAddressLow());
        }
    }

    private static int addressType(boolean v4, ParsedPacket p, boolean destination) {
        if (v4) {
            return AddressType.ofV4(destination ? p.destinationAddress4() : p.sourceAddress4());
        }
        return destination ? AddressType.ofV6(p.destinationAddressHigh(), p.destinationAddressLow())
                : AddressType.ofV6(p.sourceAddressHigh(), p.sourceAddressLow());
    }

    private static void embeddedAddress(IncomingValues values, int i, boolean v4, EmbeddedPacket e,
            boolean destination) {
        if (v4) {
            values.setLong(i, Integer.toUnsignedLong(destination ? e.destinationAddress4() : e.sourceAddress4()));
        } else if (destination) {
            values.setV6(i, e.destinationAddressHigh(), e.destinationAddressLow());
        } else {
            values.setV6(i, e.sourceAddressHigh(), e.sourceAddressLow());
        }
    }

    private static int embeddedAddressType(boolean v4, EmbeddedPacket e, boolean destination) {
        if (v4) {
            return AddressType.ofV4(destination ? e.destinationAddress4() : e.sourceAddress4());
        }
        return destination ? AddressType.ofV6(e.destinationAddressHigh(), e.destinationAddressLow())
                : AddressType.ofV6(e.sourceAddressHigh(), e.sourceAddressLow());
    }

    private static boolean quotedIcmp(EmbeddedPacket e) {
        return e.protocol() == (e.ipVersion() == 4 ? 1 : 58);
    }
}
