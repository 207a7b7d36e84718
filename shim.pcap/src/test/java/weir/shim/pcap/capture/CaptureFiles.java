package weir.shim.pcap.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import weir.shim.pcap.Bytes;

/** Writes pcap and pcapng files field by field for the reader's tests. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    static Path write(Path file, Bytes content) {
        try {
            Files.write(file, content.toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A frame of {@code length} bytes, byte i = seed + i. */
    static byte[] frame(int length, int seed) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (seed + i);
        }
        return f;
    }

    // --- pcap ---

    static Bytes pcapHeader(ByteOrder order, int magic, int major, int minor, int snaplen, int linkType) {
        return new Bytes().order(order).u32(magic).u16(major).u16(minor).u32(0).u32(0).u32(snaplen).u32(linkType);
    }

    static Bytes pcapHeader(ByteOrder order, boolean nanosecond, int snaplen, int linkType) {
        int magic = nanosecond ? PcapRecords.MAGIC_NANO : PcapRecords.MAGIC_MICRO;
        return pcapHeader(order, magic, 2, 4, snaplen, linkType);
    }

    static Bytes record(Bytes b, long seconds, long fraction, int caplen, int length, byte[] data) {
        return b.u32((int) seconds).u32((int) fraction).u32(caplen).u32(length).bytes(data);
    }

    static Bytes record(Bytes b, long seconds, long fraction, byte[] data) {
        return record(b, seconds, fraction, data.length, data.length, data);
    }

    // --- pcapng ---

    /** A block: type, total length, body padded to 4, total length. */
    static Bytes block(Bytes b, int type, Bytes body) {
        int length = 12 + (body.length() + 3) / 4 * 4;
        b.u32(type).u32(length).bytes(body.toArray());
        for (int i = body.length(); i % 4 != 0; i++) {
            b.u8(0);
        }
        return b.u32(length);
    }

    static Bytes sectionHeader(Bytes b) {
        ByteOrder o = order(b);
        return block(b, PcapngBlocks.SECTION_HEADER, new Bytes().order(o).u32(PcapngBlocks.BYTE_ORDER_MAGIC).u16(1)
                .u16(0).u64(-1L));
    }

    /** An interface description; {@code options} is the encoded option list (or empty). */
    static Bytes interfaceDescription(Bytes b, int linkType, int snaplen, Bytes options) {
        ByteOrder o = order(b);
        return block(b, PcapngBlocks.INTERFACE_DESCRIPTION, new Bytes().order(o).u16(linkType).u16(0).u32(snaplen)
                .bytes(options.toArray()));
    }

    static Bytes interfaceDescription(Bytes b, int linkType, int snaplen) {
        return interfaceDescription(b, linkType, snaplen, new Bytes());
    }

    /** if_tsresol then opt_endofopt. */
    static Bytes tsresol(ByteOrder o, int value) {
        return new Bytes().order(o).u16(9).u16(1).u8(value, 0, 0, 0).u16(0).u16(0);
    }

    /** if_tsresol, if_tsoffset, opt_endofopt. */
    static Bytes tsresolAndOffset(ByteOrder o, int value, long offsetSeconds) {
        return new Bytes().order(o).u16(9).u16(1).u8(value, 0, 0, 0).u16(14).u16(8).u64(offsetSeconds).u16(0).u16(0);
    }

    static Bytes enhancedPacket(Bytes b, int interfaceId, long timestamp, int caplen, int length, byte[] data) {
        ByteOrder o = order(b);
        return block(b, PcapngBlocks.ENHANCED_PACKET, new Bytes().order(o).u32(interfaceId)
                .u32((int) (timestamp >>> 32)).u32((int) timestamp).u32(caplen).u32(length).bytes(data));
    }

    static Bytes enhancedPacket(Bytes b, int interfaceId, long timestamp, byte[] data) {
        return enhancedPacket(b, interfaceId, timestamp, data.length, data.length, data);
    }

    static Bytes simplePacket(Bytes b, int length, byte[] data) {
        return block(b, PcapngBlocks.SIMPLE_PACKET, new Bytes().order(order(b)).u32(length).bytes(data));
    }

    static Bytes obsoletePacket(Bytes b, int interfaceId, long timestamp, byte[] data) {
        ByteOrder o = order(b);
        return block(b, PcapngBlocks.OBSOLETE_PACKET, new Bytes().order(o).u16(interfaceId).u16(0)
                .u32((int) (timestamp >>> 32)).u32((int) timestamp).u32(data.length).u32(data.length).bytes(data));
    }

    private static ByteOrder order(Bytes b) {
        return b.order();
    }
}
