package weir.engine.api;

/** WFP's {@code FWP_IP_VERSION}. */
public enum IpVersion {
    V4,
    V6
}
