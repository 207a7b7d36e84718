package weir.callouts.nat;

/**
 * What one classify needs besides the packet: the parsed view, the lookup probe and the buffer the rewritten
 * copy is built in (the injector copies it, so the buffer is reused at once). Lent out by {@link ScratchPool}.
 */
final class Scratch {
    final PacketView view = new PacketView();
    final FlowKey probe = new FlowKey();
    private byte[] buffer = new byte[2048];

    /** The buffer, grown (once per size, not per packet) to hold {@code length} bytes. */
    byte[] buffer(int length) {
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, 65_535)];
        }
        return buffer;
    }
}
