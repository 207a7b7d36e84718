package weir.engine.core.classify;

import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.Layer;

/** Where a condition's field sits in a layer's incoming values. */
final class Fields {
    private Fields() {
    }

    /**
     * The slot of {@code field} at {@code layer}, or -1. WFP names fields by GUID, and some GUIDs have two
     * names (ICMP_TYPE is IP_LOCAL_PORT's key): a field matches a slot whose field has the same key.
     */
    static int slotOf(Layer layer, Field field) {
        int i = layer.indexOf(field);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < layer.fields().size(); j++) {
            if (layer.fields().get(j).key().equals(field.key())) {
                return j;
            }
        }
        return -1;
    }

    /** Security identities: Weir cannot match them (no tokens or SIDs on a pcap path). */
    static boolean isSecurityType(DataType t) {
        return t == DataType.SID || t == DataType.SECURITY_DESCRIPTOR || t == DataType.TOKEN_INFORMATION
                || t == DataType.TOKEN_ACCESS_INFORMATION;
    }

    /** Integers and IPv6 addresses: fixed-width numbers that compile to primitive tests. */
    static boolean isNumeric(DataType t) {
        return t.isUnsigned() || t.isSigned() || t == DataType.BYTE_ARRAY16;
    }
}
