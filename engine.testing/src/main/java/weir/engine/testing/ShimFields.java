package weir.engine.testing;

import weir.engine.api.ConditionFlag;
import weir.engine.api.Direction;
import weir.engine.api.Field;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;

/**
 * Fills {@link TestValues} from a packet by the shim's rules (its IncomingValuesMapper): IP_LOCAL_ADDRESS is the
 * source of an OUTBOUND packet and the destination of an INBOUND one; the ports follow the addresses, except
 * that for ICMP the local-port slot holds the type and the remote-port slot the code, whatever the direction;
 * a packet without an intact TCP, UDP or ICMP header leaves them EMPTY; address types from the address alone;
 * FLAGS has IS_LOOPBACK and IS_FRAGMENT; an ICMP error's EMBEDDED_* fields describe the packet it quotes, seen
 * from this host (an error coming in quotes a packet this host sent, so the quote's source is the local end).
 * The interface fields stay EMPTY: the packet alone does not say them.
 */
final class ShimFields {
    private ShimFields() {
    }

    static TestValues fill(TestValues v, PacketHeaders p, Direction direction) {
        Layer layer = v.layer();
        int version = layer.ipVersion() == IpVersion.V6 ? 6 : 4;
        if (p.version != version) {
            throw new IllegalArgumentException("an IPv" + p.version + " packet cannot be classified at " + layer
                    + "; use the layer's " + (p.version == 6 ? "_V6" : "_V4") + " twin");
        }
        boolean out = direction == Direction.OUTBOUND;
        long flags = (p.loopback() ? ConditionFlag.IS_LOOPBACK.code() : 0)
                | (p.fragment() ? ConditionFlag.IS_FRAGMENT.code() : 0);
        for (int i = 0; i < layer.fields().size(); i++) {
            switch (layer.fields().get(i)) {
                case IP_LOCAL_ADDRESS -> address(v, i, p, !out);
                case IP_REMOTE_ADDRESS -> address(v, i, p, out);
                case IP_SOURCE_ADDRESS -> address(v, i, p, false);
                case IP_DESTINATION_ADDRESS -> address(v, i, p, true);
                case IP_PROTOCOL -> v.setLong(i, p.protocol);
                case IP_LOCAL_PORT -> {
                    if (p.hasPorts()) {
                        v.setLong(i, p.icmp || out ? p.sourcePort : p.destinationPort);
                    }
                }
                case IP_REMOTE_PORT -> {
                    if (p.hasPorts()) {
                        v.setLong(i, p.icmp || out ? p.destinationPort : p.sourcePort);
                    }
                }
                case ICMP_TYPE -> {
                    if (p.icmp) {
                        v.setLong(i, p.sourcePort);
                    }
                }
                case ICMP_CODE -> {
                    if (p.icmp) {
                        v.setLong(i, p.destinationPort);
                    }
                }
                case IP_LOCAL_ADDRESS_TYPE -> v.setLong(i, out
                        ? PacketHeaders.addressType(p.version, p.sourceHigh, p.sourceLow)
                        : PacketHeaders.addressType(p.version, p.destinationHigh, p.destinationLow));
                case IP_DESTINATION_ADDRESS_TYPE -> v.setLong(i,
                        PacketHeaders.addressType(p.version, p.destinationHigh, p.destinationLow));
                case EMBEDDED_PROTOCOL -> {
                    if (p.quoteOk) {
                        v.setLong(i, p.quoteProtocol);
                    }
                }
                case EMBEDDED_REMOTE_ADDRESS -> {
                    if (p.quoteOk) {
                        embedded(v, i, p, !out);
                    }
                }
                case EMBEDDED_LOCAL_ADDRESS_TYPE -> {
                    if (p.quoteOk) {
                        v.setLong(i, !out
                                ? PacketHeaders.addressType(p.version, p.quoteSourceHigh, p.quoteSourceLow)
                                : PacketHeaders.addressType(p.version, p.quoteDestinationHigh, p.quoteDestinationLow));
                    }
                }
                case EMBEDDED_LOCAL_PORT -> {
                    if (p.quoteOk && p.quoteHasPorts) {
                        v.setLong(i, quotedIcmp(p) || !out ? p.quoteSourcePort : p.quoteDestinationPort);
                    }
                }
                case EMBEDDED_REMOTE_PORT -> {
                    if (p.quoteOk && p.quoteHasPorts) {
                        v.setLong(i, quotedIcmp(p) || !out ? p.quoteDestinationPort : p.quoteSourcePort);
                    }
                }
                case DIRECTION -> v.setLong(i, direction.code());
                case FLAGS -> v.setLong(i, flags);
                default -> {
                    // not in the packet: EMPTY, as the shim leaves what it does not know
                }
            }
        }
        return v;
    }

    private static boolean quotedIcmp(PacketHeaders p) {
        return p.quoteProtocol == (p.version == 4 ? PacketHeaders.ICMP : PacketHeaders.ICMPV6);
    }

    /** The quoted packet's address: its destination when the quote's source is the local end. */
    private static void embedded(TestValues v, int i, PacketHeaders p, boolean destination) {
        if (p.version == 4) {
            v.setLong(i, destination ? p.quoteDestinationLow : p.quoteSourceLow);
        } else if (destination) {
            v.setV6(i, p.quoteDestinationHigh, p.quoteDestinationLow);
        } else {
            v.setV6(i, p.quoteSourceHigh, p.quoteSourceLow);
        }
    }

    private static void address(TestValues v, int i, PacketHeaders p, boolean destination) {
        if (p.version == 4) {
            v.setLong(i, destination ? p.destinationLow : p.sourceLow);
        } else if (destination) {
            v.setV6(i, p.destinationHigh, p.destinationLow);
        } else {
            v.setV6(i, p.sourceHigh, p.sourceLow);
        }
    }
}
