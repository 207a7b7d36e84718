package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends packets that a callout built or modified (WFP's clone → modify → inject). A callout absorbs the
 * original (BLOCK + ABSORB) and injects the copy; injected packets are classified again at every layer they
 * cross, including by the injecting callout, which tells its own packets by {@link #state}. Provided by the
 * shim when it can send (bridge and offline modes).
 */
@ProviderType
public interface PacketInjector {

    /** Creates an injection handle (FwpsInjectionHandleCreate): the identity used for injection states. */
    Object createHandle(String name);

    /**
     * Injects an IP packet (starting at {@code offset} with the IP header) in {@code direction}: inbound
     * packets re-enter at the bottom of the stack, outbound at the top. Checksums must be valid (see
     * {@link Checksums}). The bytes are copied.
     *
     * @param metadata the metadata of the packet this one replaces (flow, timestamp), or null
     * @throws WfpException INVALID_PARAMETER for a malformed packet or an unknown handle
     */
    void inject(Object handle, Direction direction, byte[] packet, int offset, int length, Metadata metadata);

    /** The injection state of the packet being classified, relative to {@code handle}. */
    InjectionState state(Object handle, Metadata metadata);
}
