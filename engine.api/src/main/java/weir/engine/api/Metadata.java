package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WFP's {@code FWPS_INCOMING_METADATA_VALUES0}: what the shim knows besides the layer's fields. Reusable and
 * mutable; get one from {@link Classifier#newMetadata}. {@link #flowHandle()} is 0 where a layer has no flow
 * (the metadata field is absent).
 */
@ProviderType
public interface Metadata {

    /** The flow's handle, or 0 when absent ({@code FWPS_METADATA_FIELD_FLOW_HANDLE}). */
    long flowHandle();

    /** The packet's direction, or null when absent. */
    Direction packetDirection();

    /** IP header length in bytes (0 when absent). */
    int ipHeaderSize();

    /** Transport header length in bytes (0 when absent). */
    int transportHeaderSize();

    /** Capture time of the packet in nanoseconds since the epoch (0 when absent). */
    long timestampNanos();

    /** The injector that injected this packet, or null for a packet from the wire. */
    Object injectedBy();

    /** The injector of the packet this one was made from, or null. */
    Object previouslyInjectedBy();

    Metadata setFlowHandle(long flowHandle);

    Metadata setPacketDirection(Direction direction);

    Metadata setHeaderSizes(int ipHeaderSize, int transportHeaderSize);

    Metadata setTimestampNanos(long timestampNanos);

    Metadata setInjection(Object injectedBy, Object previouslyInjectedBy);

    /** Resets every field to absent. */
    Metadata clear();
}
