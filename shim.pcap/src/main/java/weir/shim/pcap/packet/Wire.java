package weir.shim.pcap.packet;

/** Big-endian reads from a byte array, as headers are on the wire. */
final class Wire {
    private Wire() {
    }

    static int u16(byte[] a, int i) {
        return (a[i] & 0xFF) << 8 | a[i + 1] & 0xFF;
    }

    static int u32(byte[] a, int i) {
        return (a[i] & 0xFF) << 24 | (a[i + 1] & 0xFF) << 16 | (a[i + 2] & 0xFF) << 8 | a[i + 3] & 0xFF;
    }

    static long u64(byte[] a, int i) {
        return (long) u32(a, i) << 32 | u32(a, i + 4) & 0xFFFFFFFFL;
    }
}
