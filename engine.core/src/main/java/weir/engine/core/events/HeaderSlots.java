package weir.engine.core.events;

import weir.engine.api.Direction;
import weir.engine.api.Field;
import weir.engine.api.Layer;

/**
 * Where each layer keeps the header fields a net event records, computed once. Forwarding has no local end:
 * its source address is recorded as local and its destination as remote. ICMP type and code sit in the port
 * slots (WFP's ICMP_TYPE/CODE are the port keys) and are recorded as the ports.
 */
final class HeaderSlots {
    static final int[] LOCAL_ADDRESS = new int[Layer.values().length];
    static final int[] REMOTE_ADDRESS = new int[Layer.values().length];
    static final int[] LOCAL_PORT = new int[Layer.values().length];
    static final int[] REMOTE_PORT = new int[Layer.values().length];
    static final int[] PROTOCOL = new int[Layer.values().length];
    static final int[] DIRECTION = new int[Layer.values().length];
    static final int[] FLAGS = new int[Layer.values().length];
    /** The protocol a layer implies when it has no protocol field (ICMP at the ICMP error layers), or -1. */
    static final int[] IMPLIED_PROTOCOL = new int[Layer.values().length];
    /** The direction a layer implies (Direction code), or -1. */
    static final int[] IMPLIED_DIRECTION = new int[Layer.values().length];

    static {
        for (Layer l : Layer.values()) {
            int i = l.ordinal();
            LOCAL_ADDRESS[i] = first(l, Field.IP_LOCAL_ADDRESS, Field.IP_SOURCE_ADDRESS);
            REMOTE_ADDRESS[i] = first(l, Field.IP_REMOTE_ADDRESS, Field.IP_DESTINATION_ADDRESS);
            LOCAL_PORT[i] = first(l, Field.IP_LOCAL_PORT, Field.ICMP_TYPE);
            REMOTE_PORT[i] = first(l, Field.IP_REMOTE_PORT, Field.ICMP_CODE);
            PROTOCOL[i] = l.indexOf(Field.IP_PROTOCOL);
            DIRECTION[i] = l.indexOf(Field.DIRECTION);
            FLAGS[i] = l.indexOf(Field.FLAGS);
            String base = l.baseName();
            IMPLIED_PROTOCOL[i] = base.endsWith("ICMP_ERROR") ? (l.ipVersion() == weir.engine.api.IpVersion.V4 ? 1 : 58) : -1;
            IMPLIED_DIRECTION[i] = base.startsWith("INBOUND") || base.equals("ALE_AUTH_RECV_ACCEPT")
                    ? Direction.INBOUND.code()
                    : base.startsWith("OUTBOUND") || base.equals("ALE_AUTH_CONNECT") ? Direction.OUTBOUND.code() : -1;
        }
    }

    private HeaderSlots() {
    }

    private static int first(Layer l, Field a, Field b) {
        int i = l.indexOf(a);
        return i >= 0 ? i : l.indexOf(b);
    }
}
