package weir.engine.api;

import java.util.List;
import java.util.UUID;

/**
 * The fixed run-time layers a packet shim feeds ({@code FWPM_LAYER_*} / {@code FWPS_BUILTIN_LAYERS}), each
 * V4 and V6, with WFP's management GUID, run-time id and field schema. Field indices are WFP's
 * {@code FWPS_FIELD_*} order (from the documentation's enum pages; the ALE layers' later slots follow the
 * same pages). Layers cannot be added or deleted; fields that a pcap shim cannot know (ALE_APP_ID, user and
 * machine ids, profiles, ...) exist and arrive EMPTY.
 */
public enum Layer {
    INBOUND_IPPACKET_V4("c86fd1bf-21cd-497e-a0bb-17425c885c58", 0, IpVersion.V4, false, Schema.INBOUND_IPPACKET),
    INBOUND_IPPACKET_V6("f52032cb-991c-46e7-971d-2601459a91ca", 2, IpVersion.V6, false, Schema.INBOUND_IPPACKET),
    OUTBOUND_IPPACKET_V4("1e5c9fae-8a84-4135-a331-950b54229ecd", 4, IpVersion.V4, false, Schema.OUTBOUND_IPPACKET),
    OUTBOUND_IPPACKET_V6("a3b3ab6b-3564-488c-9117-f34e82142763", 6, IpVersion.V6, false, Schema.OUTBOUND_IPPACKET),
    IPFORWARD_V4("a82acc24-4ee1-4ee1-b465-fd1d25cb10a4", 8, IpVersion.V4, false, Schema.IPFORWARD),
    IPFORWARD_V6("7b964818-19c7-493a-b71f-832c3684d28c", 10, IpVersion.V6, false, Schema.IPFORWARD),
    INBOUND_TRANSPORT_V4("5926dfc8-e3cf-4426-a283-dc393f5d0f9d", 12, IpVersion.V4, true, Schema.INBOUND_TRANSPORT),
    INBOUND_TRANSPORT_V6("634a869f-fc23-4b90-b0c1-bf620a36ae6f", 14, IpVersion.V6, true, Schema.INBOUND_TRANSPORT),
    OUTBOUND_TRANSPORT_V4("09e61aea-d214-46e2-9b21-b26b0b2f28c8", 16, IpVersion.V4, true, Schema.OUTBOUND_TRANSPORT),
    OUTBOUND_TRANSPORT_V6("e1735bde-013f-4655-b351-a49e15762df0", 18, IpVersion.V6, true, Schema.OUTBOUND_TRANSPORT),
    STREAM_V4("3b89653c-c170-49e4-b1cd-e0eeeee19a3e", 20, IpVersion.V4, true, Schema.STREAM),
    STREAM_V6("47c9137a-7ec4-46b3-b6e4-48e926b1eda4", 22, IpVersion.V6, true, Schema.STREAM),
    DATAGRAM_DATA_V4("3d08bf4e-45f6-4930-a922-417098e20027", 24, IpVersion.V4, true, Schema.DATAGRAM_DATA),
    DATAGRAM_DATA_V6("fa45fe2f-3cba-4427-87fc-57b9a4b10d00", 26, IpVersion.V6, true, Schema.DATAGRAM_DATA),
    INBOUND_ICMP_ERROR_V4("61499990-3cb6-4e84-b950-53b94b6964f3", 28, IpVersion.V4, false, Schema.INBOUND_ICMP_ERROR),
    INBOUND_ICMP_ERROR_V6("65f9bdff-3b2d-4e5d-b8c6-c720651fe898", 30, IpVersion.V6, false, Schema.INBOUND_ICMP_ERROR),
    OUTBOUND_ICMP_ERROR_V4("41390100-564c-4b32-bc1d-718048354d7c", 32, IpVersion.V4, false, Schema.OUTBOUND_ICMP_ERROR),
    OUTBOUND_ICMP_ERROR_V6("7fb03b60-7b8d-4dfa-badd-980176fc4e12", 34, IpVersion.V6, false, Schema.OUTBOUND_ICMP_ERROR),
    ALE_AUTH_RECV_ACCEPT_V4("e1cd9fe7-f4b5-4273-96c0-592e487b8650", 44, IpVersion.V4, true, Schema.ALE_AUTH_RECV_ACCEPT),
    ALE_AUTH_RECV_ACCEPT_V6("a3b42c97-9f04-4672-b87e-cee9c483257f", 46, IpVersion.V6, true, Schema.ALE_AUTH_RECV_ACCEPT),
    ALE_AUTH_CONNECT_V4("c38d57d1-05a7-4c33-904f-7fbceee60e82", 48, IpVersion.V4, true, Schema.ALE_AUTH_CONNECT),
    ALE_AUTH_CONNECT_V6("4a72393b-319f-44bc-84c3-ba54dcb3b6b4", 50, IpVersion.V6, true, Schema.ALE_AUTH_CONNECT),
    ALE_FLOW_ESTABLISHED_V4("af80470a-5596-4c13-9992-539e6fe57967", 52, IpVersion.V4, true, Schema.ALE_FLOW_ESTABLISHED),
    ALE_FLOW_ESTABLISHED_V6("7021d2b3-dfa4-406e-afeb-6afaf7e70efd", 54, IpVersion.V6, true, Schema.ALE_FLOW_ESTABLISHED);

    /** FWPM_SUBLAYER_UNIVERSAL: every layer's default sublayer (a filter with no sublayer key lands here). */
    public static final UUID SUBLAYER_UNIVERSAL = UUID.fromString("eebecc03-ced4-4380-819a-2734397b2b74");

    private final UUID key;
    private final int layerId;
    private final IpVersion ipVersion;
    private final boolean flows;
    private final List<Field> fields;
    /** Worked out once: the classifier asks on every classification. */
    private final boolean ale;

    Layer(String key, int layerId, IpVersion ipVersion, boolean flows, Field[] fields) {
        this.key = UUID.fromString(key);
        this.layerId = layerId;
        this.ipVersion = ipVersion;
        this.flows = flows;
        this.fields = List.of(fields);
        this.ale = name().startsWith("ALE_");
    }

    /** WFP's management key ({@code FWPM_LAYER_*}). */
    public UUID key() {
        return key;
    }

    /** WFP's run-time id ({@code FWPS_BUILTIN_LAYERS} ordinal, UINT16). */
    public int layerId() {
        return layerId;
    }

    public IpVersion ipVersion() {
        return ipVersion;
    }

    /** The layer's name without the {@code _V4}/{@code _V6} suffix, e.g. {@code INBOUND_TRANSPORT}. */
    public String baseName() {
        return name().substring(0, name().length() - 3);
    }

    /** True for the ALE layers: the first packet of a flow only, and flow contexts are kept. */
    public boolean isAle() {
        return ale;
    }

    /** True where the flowHandle metadata is present (transport, stream, datagram and ALE layers). */
    public boolean hasFlows() {
        return flows;
    }

    /** The key of the layer's default sublayer (FWPM_SUBLAYER_UNIVERSAL). */
    public UUID defaultSubLayerKey() {
        return SUBLAYER_UNIVERSAL;
    }

    /** The schema: incoming value {@code i} is {@code fields().get(i)}. */
    public List<Field> fields() {
        return fields;
    }

    /** The index of a field in this layer's incoming values, or -1 when the layer has no such field. */
    public int indexOf(Field field) {
        // ICMP_TYPE/CODE share the port keys: a layer has one or the other, never both
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i) == field) {
                return i;
            }
        }
        return -1;
    }

    /** The data type of incoming value {@code index}. */
    public DataType typeOf(int index) {
        return fields.get(index).type(ipVersion);
    }

    /** The data type of a field at this layer. */
    public DataType typeOf(Field field) {
        return field.type(ipVersion);
    }

    /** The layer with this management key, or null. */
    public static Layer byKey(UUID key) {
        for (Layer l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    /** The layer with this run-time id, or null. */
    public static Layer byId(int layerId) {
        for (Layer l : values()) {
            if (l.layerId == layerId) {
                return l;
            }
        }
        return null;
    }

    /** The layer with this base name and IP version, e.g. {@code of("INBOUND_TRANSPORT", V4)}, or null. */
    public static Layer of(String baseName, IpVersion version) {
        for (Layer l : values()) {
            if (l.ipVersion == version && l.baseName().equals(baseName)) {
                return l;
            }
        }
        return null;
    }

    /** The schemas (shared by V4 and V6; only address types differ). */
    private static final class Schema {
        static final Field[] INBOUND_IPPACKET = {Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_INTERFACE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.COMPARTMENT_ID};
        static final Field[] OUTBOUND_IPPACKET = {Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_INTERFACE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.COMPARTMENT_ID};
        static final Field[] IPFORWARD = {Field.IP_SOURCE_ADDRESS, Field.IP_DESTINATION_ADDRESS, Field.IP_DESTINATION_ADDRESS_TYPE, Field.IP_LOCAL_INTERFACE, Field.IP_FORWARD_INTERFACE, Field.SOURCE_INTERFACE_INDEX, Field.SOURCE_SUB_INTERFACE_INDEX, Field.DESTINATION_INTERFACE_INDEX, Field.DESTINATION_SUB_INTERFACE_INDEX, Field.FLAGS, Field.IP_PHYSICAL_ARRIVAL_INTERFACE, Field.ARRIVAL_INTERFACE_PROFILE_ID, Field.IP_PHYSICAL_NEXTHOP_INTERFACE, Field.NEXTHOP_INTERFACE_PROFILE_ID, Field.COMPARTMENT_ID};
        static final Field[] INBOUND_TRANSPORT = {Field.IP_PROTOCOL, Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT, Field.IP_LOCAL_INTERFACE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.CURRENT_PROFILE_ID, Field.IPSEC_SECURITY_REALM_ID, Field.COMPARTMENT_ID};
        static final Field[] OUTBOUND_TRANSPORT = {Field.IP_PROTOCOL, Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT, Field.IP_LOCAL_INTERFACE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.IP_DESTINATION_ADDRESS_TYPE, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.CURRENT_PROFILE_ID, Field.IPSEC_SECURITY_REALM_ID, Field.COMPARTMENT_ID};
        static final Field[] STREAM = {Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT, Field.DIRECTION, Field.FLAGS, Field.COMPARTMENT_ID};
        static final Field[] DATAGRAM_DATA = {Field.IP_PROTOCOL, Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT, Field.IP_LOCAL_INTERFACE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.DIRECTION, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.COMPARTMENT_ID};
        static final Field[] INBOUND_ICMP_ERROR = {Field.EMBEDDED_PROTOCOL, Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS, Field.EMBEDDED_REMOTE_ADDRESS, Field.EMBEDDED_LOCAL_ADDRESS_TYPE, Field.EMBEDDED_LOCAL_PORT, Field.EMBEDDED_REMOTE_PORT, Field.IP_LOCAL_INTERFACE, Field.ICMP_TYPE, Field.ICMP_CODE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.IP_ARRIVAL_INTERFACE, Field.ARRIVAL_INTERFACE_INDEX, Field.ARRIVAL_INTERFACE_TYPE, Field.ARRIVAL_TUNNEL_TYPE, Field.FLAGS, Field.ARRIVAL_INTERFACE_PROFILE_ID, Field.INTERFACE_QUARANTINE_EPOCH, Field.COMPARTMENT_ID};
        static final Field[] OUTBOUND_ICMP_ERROR = {Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_INTERFACE, Field.ICMP_TYPE, Field.ICMP_CODE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.FLAGS, Field.NEXTHOP_INTERFACE_PROFILE_ID, Field.INTERFACE_QUARANTINE_EPOCH, Field.COMPARTMENT_ID};
        static final Field[] ALE_AUTH_CONNECT = {Field.ALE_APP_ID, Field.ALE_USER_ID, Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_PORT, Field.IP_PROTOCOL, Field.IP_REMOTE_ADDRESS, Field.IP_REMOTE_PORT, Field.ALE_REMOTE_USER_ID, Field.ALE_REMOTE_MACHINE_ID, Field.IP_DESTINATION_ADDRESS_TYPE, Field.IP_LOCAL_INTERFACE, Field.FLAGS, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.IP_ARRIVAL_INTERFACE, Field.ARRIVAL_INTERFACE_TYPE, Field.ARRIVAL_TUNNEL_TYPE, Field.ARRIVAL_INTERFACE_INDEX, Field.NEXTHOP_SUB_INTERFACE_INDEX, Field.IP_NEXTHOP_INTERFACE, Field.NEXTHOP_INTERFACE_TYPE, Field.NEXTHOP_TUNNEL_TYPE, Field.NEXTHOP_INTERFACE_INDEX, Field.ORIGINAL_PROFILE_ID, Field.CURRENT_PROFILE_ID, Field.REAUTHORIZE_REASON, Field.PEER_NAME, Field.ORIGINAL_ICMP_TYPE, Field.INTERFACE_QUARANTINE_EPOCH, Field.ALE_ORIGINAL_APP_ID, Field.ALE_PACKAGE_ID, Field.ALE_SECURITY_ATTRIBUTE_FQBN_VALUE, Field.ALE_EFFECTIVE_NAME, Field.COMPARTMENT_ID};
        static final Field[] ALE_AUTH_RECV_ACCEPT = {Field.ALE_APP_ID, Field.ALE_USER_ID, Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_PORT, Field.IP_PROTOCOL, Field.IP_REMOTE_ADDRESS, Field.IP_REMOTE_PORT, Field.ALE_REMOTE_USER_ID, Field.ALE_REMOTE_MACHINE_ID, Field.IP_LOCAL_INTERFACE, Field.FLAGS, Field.ALE_SIO_FIREWALL_SYSTEM_PORT, Field.ALE_NAP_CONTEXT, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.INTERFACE_INDEX, Field.SUB_INTERFACE_INDEX, Field.IP_ARRIVAL_INTERFACE, Field.ARRIVAL_INTERFACE_TYPE, Field.ARRIVAL_TUNNEL_TYPE, Field.ARRIVAL_INTERFACE_INDEX, Field.NEXTHOP_SUB_INTERFACE_INDEX, Field.IP_NEXTHOP_INTERFACE, Field.NEXTHOP_INTERFACE_TYPE, Field.NEXTHOP_TUNNEL_TYPE, Field.NEXTHOP_INTERFACE_INDEX, Field.ORIGINAL_PROFILE_ID, Field.CURRENT_PROFILE_ID, Field.REAUTHORIZE_REASON, Field.ORIGINAL_ICMP_TYPE, Field.INTERFACE_QUARANTINE_EPOCH, Field.ALE_PACKAGE_ID, Field.ALE_SECURITY_ATTRIBUTE_FQBN_VALUE, Field.COMPARTMENT_ID};
        static final Field[] ALE_FLOW_ESTABLISHED = {Field.ALE_APP_ID, Field.ALE_USER_ID, Field.IP_LOCAL_ADDRESS, Field.IP_LOCAL_ADDRESS_TYPE, Field.IP_LOCAL_PORT, Field.IP_PROTOCOL, Field.IP_REMOTE_ADDRESS, Field.IP_REMOTE_PORT, Field.ALE_REMOTE_USER_ID, Field.ALE_REMOTE_MACHINE_ID, Field.IP_DESTINATION_ADDRESS_TYPE, Field.IP_LOCAL_INTERFACE, Field.DIRECTION, Field.INTERFACE_TYPE, Field.TUNNEL_TYPE, Field.FLAGS, Field.ALE_ORIGINAL_APP_ID, Field.ALE_PACKAGE_ID, Field.ALE_SECURITY_ATTRIBUTE_FQBN_VALUE, Field.COMPARTMENT_ID};
    }
}
