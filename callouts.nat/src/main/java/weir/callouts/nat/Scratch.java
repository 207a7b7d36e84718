package weir.callouts.nat;

/**
 * What one classify needs besides the packet: the parsed view, the quoted datagram of an ICMP error, the
 * lookup's answer and the buffer the rewritten copy is built in (the injector copies it, so the buffer is
 * reused at once). Lent out by {@link ScratchPool}.
 */
final class Scratch {
    final PacketView view = new PacketView();
    final IcmpErrors.Quoted quoted = new IcmpErrors.Quoted();
    final MappingTable.Hit hit = new MappingTable.Hit();
    private byte[] buffer = new byte[2048];

    /** The buffer (grown once per size, not per packet) holding a copy of the view's IP datagram. */
    byte[] copy(PacketView p) {
        if (buffer.length < p.totalLength) {
            buffer = new byte[Math.max(p.totalLength, 65_535)];
        }
        System.arraycopy(p.array, p.ipOffset, buffer, 0, p.totalLength);
        return buffer;
    }
}
