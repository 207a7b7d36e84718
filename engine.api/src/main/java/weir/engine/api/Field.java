package weir.engine.api;

import java.util.UUID;

/**
 * A condition field ({@code FWPM_CONDITION_*}): the key a filter condition names and the slot an incoming
 * value fills. Keys are WFP's GUIDs; like WFP's, they are unique within a layer only ({@link #ICMP_TYPE} and
 * {@link #ICMP_CODE} reuse the port keys). Address fields are UINT32 at V4 layers and BYTE_ARRAY16 at V6
 * layers; every other field has one type.
 */
public enum Field {
    IP_LOCAL_ADDRESS("d9ee00de-c1ef-4617-bfe3-ffd8f5a08957", null),
    IP_REMOTE_ADDRESS("b235ae9a-1d64-49b8-a44c-5ff3d9095045", null),
    IP_SOURCE_ADDRESS("ae96897e-2e94-4bc9-b313-b27ee80e574d", null),
    IP_DESTINATION_ADDRESS("2d79133b-b390-45c6-8699-acaceaafed33", null),
    EMBEDDED_REMOTE_ADDRESS("77ee4b39-3273-4671-b63b-ab6feb66eeb6", null),
    IP_LOCAL_ADDRESS_TYPE("6ec7f6c4-376b-45d7-9e9c-d337cedcd237", DataType.UINT8),
    IP_DESTINATION_ADDRESS_TYPE("1ec1b7c9-4eea-4f5e-b9ef-76beaaaf17ee", DataType.UINT8),
    EMBEDDED_LOCAL_ADDRESS_TYPE("4672a468-8a0a-4202-abb4-849e92e66809", DataType.UINT8),
    IP_PROTOCOL("3971ef2b-623e-4f9a-8cb1-6e79b806b9a7", DataType.UINT8),
    IP_LOCAL_PORT("0c1ba1af-5765-453f-af22-a8f791ac775b", DataType.UINT16),
    IP_REMOTE_PORT("c35a604d-d22b-4e1a-91b4-68f674ee674b", DataType.UINT16),
    /** ICMP type: WFP's {@code FWPM_CONDITION_ICMP_TYPE} is a #define of the local-port key. */
    ICMP_TYPE("0c1ba1af-5765-453f-af22-a8f791ac775b", DataType.UINT16),
    /** ICMP code: WFP's {@code FWPM_CONDITION_ICMP_CODE} is a #define of the remote-port key. */
    ICMP_CODE("c35a604d-d22b-4e1a-91b4-68f674ee674b", DataType.UINT16),
    EMBEDDED_PROTOCOL("07784107-a29e-4c7b-9ec7-29c44afafdbc", DataType.UINT8),
    EMBEDDED_LOCAL_PORT("bfca394d-acdb-484e-b8e6-2aff79757345", DataType.UINT16),
    EMBEDDED_REMOTE_PORT("cae4d6a1-2968-40ed-a4ce-547160dda88d", DataType.UINT16),
    ORIGINAL_ICMP_TYPE("076dfdbe-c56c-4f72-ae8a-2cfe7e5c8286", DataType.UINT16),
    DIRECTION("8784c146-ca97-44d6-9fd1-19fb1840cbf7", DataType.UINT32),
    FLAGS("632ce23b-5167-435c-86d7-e903684aa80c", DataType.UINT32),
    IP_LOCAL_INTERFACE("4cd62a49-59c3-4969-b7f3-bda5d32890a4", DataType.UINT64),
    IP_ARRIVAL_INTERFACE("618a9b6d-386b-4136-ad6e-b51587cfb1cd", DataType.UINT64),
    IP_NEXTHOP_INTERFACE("93ae8f5b-7f6f-4719-98c8-14e97429ef04", DataType.UINT64),
    IP_FORWARD_INTERFACE("1076b8a5-6323-4c5e-9810-e8d3fc9e6136", DataType.UINT64),
    IP_PHYSICAL_ARRIVAL_INTERFACE("da50d5c8-fa0d-4c89-b032-6e62136d1e96", DataType.UINT64),
    IP_PHYSICAL_NEXTHOP_INTERFACE("f09bd5ce-5150-48be-b098-c25152fb1f92", DataType.UINT64),
    INTERFACE_INDEX("667fd755-d695-434a-8af5-d3835a1259bc", DataType.UINT32),
    SUB_INTERFACE_INDEX("0cd42473-d621-4be3-ae8c-72a348d283e1", DataType.UINT32),
    SOURCE_INTERFACE_INDEX("2311334d-c92d-45bf-9496-edf447820e2d", DataType.UINT32),
    SOURCE_SUB_INTERFACE_INDEX("055edd9d-acd2-4361-8dab-f9525d97662f", DataType.UINT32),
    DESTINATION_INTERFACE_INDEX("35cf6522-4139-45ee-a0d5-67b80949d879", DataType.UINT32),
    DESTINATION_SUB_INTERFACE_INDEX("2b7d4399-d4c7-4738-a2f5-e994b43da388", DataType.UINT32),
    ARRIVAL_INTERFACE_INDEX("cc088db3-1792-4a71-b0f9-037d21cd828b", DataType.UINT32),
    NEXTHOP_INTERFACE_INDEX("138e6888-7ab8-4d65-9ee8-0591bcf6a494", DataType.UINT32),
    NEXTHOP_SUB_INTERFACE_INDEX("ef8a6122-0577-45a7-9aaf-825fbeb4fb95", DataType.UINT32),
    INTERFACE_TYPE("daf8cd14-e09e-4c93-a5ae-c5c13b73ffca", DataType.UINT32),
    TUNNEL_TYPE("77a40437-8779-4868-a261-f5a902f1c0cd", DataType.UINT32),
    ARRIVAL_INTERFACE_TYPE("89f990de-e798-4e6d-ab76-7c9558292e6f", DataType.UINT32),
    ARRIVAL_TUNNEL_TYPE("511166dc-7a8c-4aa7-b533-95ab59fb0340", DataType.UINT32),
    NEXTHOP_INTERFACE_TYPE("97537c6c-d9a3-4767-a381-e942675cd920", DataType.UINT32),
    NEXTHOP_TUNNEL_TYPE("72b1a111-987b-4720-99dd-c7c576fa2d4c", DataType.UINT32),
    ARRIVAL_INTERFACE_PROFILE_ID("cdfe6aab-c083-4142-8679-c08f95329c61", DataType.UINT32),
    NEXTHOP_INTERFACE_PROFILE_ID("d7ff9a56-cdaa-472b-84db-d23963c1d1bf", DataType.UINT32),
    ORIGINAL_PROFILE_ID("46ea1551-2255-492b-8019-aabeee349f40", DataType.UINT32),
    /** The {@code PROFILE_ID} slot of the transport layers is WFP's current-profile condition. */
    CURRENT_PROFILE_ID("ab3033c9-c0e3-4759-937d-5758c65d4ae3", DataType.UINT32),
    IPSEC_SECURITY_REALM_ID("37a57700-5884-4964-92b8-3e704688b0ad", DataType.UNICODE_STRING),
    COMPARTMENT_ID("35a791ab-04ac-4ff2-a6bb-da6cfac71806", DataType.UINT32),
    INTERFACE_QUARANTINE_EPOCH("cce68d5e-053b-43a8-9a6f-33384c28e4f6", DataType.UINT64),
    REAUTHORIZE_REASON("11205e8c-11ae-457a-8a44-477026dd764a", DataType.UINT32),
    PEER_NAME("9b539082-eb90-4186-a6cc-de5b63235016", DataType.UNICODE_STRING),
    ALE_APP_ID("d78e1e87-8644-4ea5-9437-d809ecefc971", DataType.BYTE_BLOB),
    ALE_ORIGINAL_APP_ID("0e6cd086-e1fb-4212-842f-8a9f993fb3f6", DataType.BYTE_BLOB),
    ALE_USER_ID("af043a0a-b34d-4f86-979c-c90371af6e66", DataType.TOKEN_ACCESS_INFORMATION),
    ALE_REMOTE_USER_ID("f63073b7-0189-4ab0-95a4-6123cbfab862", DataType.TOKEN_ACCESS_INFORMATION),
    ALE_REMOTE_MACHINE_ID("1aa47f51-7f93-4508-a271-81abb00c9cab", DataType.TOKEN_ACCESS_INFORMATION),
    ALE_PACKAGE_ID("71bc78fa-f17c-4997-a602-6abb261f351c", DataType.SID),
    ALE_SECURITY_ATTRIBUTE_FQBN_VALUE("37a57699-5883-4963-92b8-3e704688b0ad", DataType.BYTE_BLOB),
    ALE_EFFECTIVE_NAME("b1277b9a-b781-40fc-9671-e5f1b989f34e", DataType.UNICODE_STRING),
    ALE_SIO_FIREWALL_SYSTEM_PORT("b9f4e088-cb98-4efb-a2c7-ad07332643db", DataType.UINT32),
    ALE_NAP_CONTEXT("46275a9d-c03f-4d77-b784-1c57f4d02753", DataType.UINT32);

    private final UUID key;
    private final DataType type;

    Field(String key, DataType type) {
        this.key = UUID.fromString(key);
        this.type = type;
    }

    /** WFP's condition GUID ({@code FWPM_CONDITION_*}). */
    public UUID key() {
        return key;
    }

    /** True for the address fields, whose type depends on the layer's IP version. */
    public boolean isAddress() {
        return type == null;
    }

    /** The field's data type at a layer of the given IP version. */
    public DataType type(IpVersion version) {
        if (type != null) {
            return type;
        }
        return version == IpVersion.V4 ? DataType.UINT32 : DataType.BYTE_ARRAY16;
    }
}
