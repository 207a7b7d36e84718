package weir.callouts.nat;

import weir.engine.api.LayerData;

/** A captured frame as the shim hands it over: the array, the frame's place in it, and the header offsets. */
record Frame(byte[] array, int offset, int length, int networkOffset, int transportOffset, int payloadOffset)
        implements LayerData {

    /** A bare IP packet (raw IP link type) at the start of its array. */
    static Frame ip(byte[] packet) {
        int ihl = (packet[0] & 0xF0) == 0x40 ? (packet[0] & 0x0F) * 4 : 40;
        return new Frame(packet, 0, packet.length, 0, ihl, -1);
    }

    /**
     * The packet behind a 14-byte Ethernet header, padded to {@code frameLength} bytes as short Ethernet frames
     * are, and placed {@code at} bytes into a larger array (a capture buffer).
     */
    static Frame ethernet(byte[] packet, int frameLength, int at) {
        int len = Math.max(14 + packet.length, frameLength);
        byte[] buf = new byte[at + len + 7];
        buf[at + 12] = 0x08; // EtherType IPv4
        System.arraycopy(packet, 0, buf, at + 14, packet.length);
        for (int i = at + 14 + packet.length; i < at + len; i++) {
            buf[i] = (byte) 0xEE; // padding that must not be injected
        }
        int ihl = (packet[0] & 0x0F) * 4;
        return new Frame(buf, at, len, at + 14, at + 14 + ihl, -1);
    }
}
