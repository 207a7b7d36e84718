package weir.engine.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The packet a classification is about (WFP's {@code layerData}: the NET_BUFFER_LIST), as the shim holds
 * it: a frame in an array, with the offsets of its headers. Offsets are from the start of {@link #array()};
 * -1 when the packet has no such header. Read-only for callouts: a callout that wants to change a packet
 * absorbs it and injects a modified copy.
 */
@ConsumerType
public interface LayerData {
    byte[] array();

    /** Offset of the frame's first byte. */
    int offset();

    /** Length of the frame in bytes. */
    int length();

    /** Offset of the IP header. */
    int networkOffset();

    /** Offset of the transport (TCP, UDP, ICMP) header, or -1. */
    int transportOffset();

    /** Offset of the transport payload, or -1. */
    int payloadOffset();
}
