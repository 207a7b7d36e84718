package weir.shim.pcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The pcapng format: blocks of {type, length, body, length}. Reads section headers of either byte order
 * (also when a later section changes it), interface descriptions with their link type, snaplen,
 * if_tsresol and if_tsoffset, and packets from enhanced, simple and obsolete packet blocks; other blocks
 * are skipped. Each section numbers its own interfaces. Timestamps follow libpcap's integer arithmetic
 * exactly, so they match it to the nanosecond.
 */
final class PcapngBlocks {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** How far {@link #findFirstInterface} looks for the first interface description. */
    private static final int LOOK_AHEAD_BLOCKS = 4096;

    private static final int END = 0;
    private static final int PACKET = 1;
    private static final int OTHER = 2;

    private final MappedInput in;
    private final Frame frame;
    private final ReadStatus status;
    private long position;
    private int sections = 1;
    private long skippedBlocks;

    private final PcapngInterfaces interfaces = new PcapngInterfaces();

    private int firstLinkType = -1;
    private int firstSnaplen;
    private long firstResolution;

    private PcapngBlocks(MappedInput in, Frame frame, ReadStatus status, long position) {
        this.in = in;
        this.frame = frame;
        this.status = status;
        this.position = position;
    }

    /**
     * Reads the first section header and looks ahead for the first interface description; null (with the
     * reason in {@code status}) when the file cannot be read.
     */
    static PcapngBlocks open(MappedInput in, Frame frame, ReadStatus status) throws IOException {
        if (in.size() < 28) {
            status.end(ReadProblem.TRUNCATED_FILE_HEADER,
                    "a section header block needs 28 bytes, the file has " + in.size(), 0);
            return null;
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int h = in.at(0, 28);
        int magic = in.buffer().getInt(h + 8);
        if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != BYTE_ORDER_MAGIC) {
            status.end(ReadProblem.BAD_SECTION_HEADER, "byte-order magic 0x" + Integer.toHexString(magic), 8);
            return null;
        }
        ByteBuffer b = in.buffer();
        long length = b.getInt(h + 4) & 0xFFFFFFFFL;
        if (length < 28 || (length & 3) != 0) {
            status.end(ReadProblem.BAD_SECTION_HEADER, "section header block length " + length, 4);
            return null;
        }
        if (length > in.size()) {
            status.end(ReadProblem.TRUNCATED_FILE_HEADER, "section header block of " + length + " bytes, the file has "
                    + in.size(), 4);
            return null;
        }
        if (length > in.window()) {
            // a block larger than the reader's window ends reading as any other such block does (the file has
            // its bytes: it is not cut short, and whether its trailer matches is not read)
            status.end(ReadProblem.RECORD_TOO_LARGE, "a section header block of " + length + " bytes, beyond the "
                    + in.window() + " bytes a block may take", 4);
            return null;
        }
        int major = b.getShort(h + 12) & 0xFFFF;
        int minor = b.getShort(h + 14) & 0xFFFF;
        if (major != 1) {
            status.end(ReadProblem.UNSUPPORTED_VERSION, "pcapng version " + major + "." + minor, 12);
            return null;
        }
        int s = in.at(0, (int) length);
        int trailer = in.buffer().getInt(s + (int) length - 4);
        if (trailer != (int) length) {
            status.end(ReadProblem.BAD_SECTION_HEADER, "section header block length " + length + " in its header, "
                    + Integer.toUnsignedString(trailer) + " in its trailer", 4);
            return null;
        }
        PcapngBlocks blocks = new PcapngBlocks(in, frame, status, length);
        blocks.findFirstInterface();
        return blocks;
    }

    /**
     * Looks ahead (without reading anything for real) for the first interface description, so that the
     * file's link type, snaplen and resolution are known before the first packet.
     */
    private void findFirstInterface() throws IOException {
        long p = position;
        for (int n = 0; n < LOOK_AHEAD_BLOCKS && in.size() - p >= 12; n++) {
            int h = in.at(p, 12);
            ByteBuffer b = in.buffer();
            int type = b.getInt(h);
            long length = b.getInt(h + 4) & 0xFFFFFFFFL;
            if (type == SECTION_HEADER || length < 12 || (length & 3) != 0 || length > in.size() - p
                    || length > in.window()) {
                return;
            }
            if (type == INTERFACE_DESCRIPTION) {
                int s = in.at(p, (int) length);
                if (interfaces.describe(in.buffer(), s + 8, (int) length - 12)) {
                    first();
                }
                return;
            }
            p += length;
        }
    }

    /** Moves to the next packet; false at the end of the file or when a block cannot be trusted. */
    boolean next() throws IOException {
        for (;;) {
            int r = step();
            if (r == PACKET) {
                return true;
            }
            if (r == END) {
                return false;
            }
        }
    }

    private int step() throws IOException {
        long remaining = in.size() - position;
        if (remaining == 0) {
            return END;
        }
        if (remaining < 12) {
            status.end(ReadProblem.TRUNCATED_BLOCK, remaining + " bytes left, too few for a block", position);
            return END;
        }
        int h = in.at(position, 12);
        ByteBuffer b = in.buffer();
        int type = b.getInt(h);
        if (type == SECTION_HEADER) {
            int magic = b.getInt(h + 8);
            if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                in.order(in.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            } else if (magic != BYTE_ORDER_MAGIC) {
                status.end(ReadProblem.BAD_LATER_SECTION, "byte-order magic 0x" + Integer.toHexString(magic),
                        position);
                return END;
            }
        }
        long length = b.getInt(h + 4) & 0xFFFFFFFFL;
        if (length < 12 || (length & 3) != 0) {
            status.end(ReadProblem.BAD_BLOCK_LENGTH, "block type 0x" + Integer.toHexString(type) + " with length "
                    + length, position);
            return END;
        }
        if (length > remaining) {
            status.end(ReadProblem.TRUNCATED_BLOCK, "a block of " + length + " bytes with " + remaining + " left",
                    position);
            return END;
        }
        if (length > in.window()) {
            status.end(ReadProblem.RECORD_TOO_LARGE, "a block of " + length + " bytes", position);
            return END;
        }
        int s = in.at(position, (int) length);
        b = in.buffer();
        int trailer = b.getInt(s + (int) length - 4);
        if (trailer != (int) length) {
            status.end(ReadProblem.BAD_BLOCK_LENGTH, "block length " + length + " in its header, "
                    + Integer.toUnsignedString(trailer) + " in its trailer", position);
            return END;
        }
        long blockPosition = position;
        position += length;
        int body = s + 8;
        int bodyLength = (int) length - 12;
        switch (type) {
            case ENHANCED_PACKET:
                return enhancedPacket(b, body, bodyLength) ? PACKET : OTHER;
            case SIMPLE_PACKET:
                return simplePacket(b, body, bodyLength) ? PACKET : OTHER;
            case OBSOLETE_PACKET:
                return obsoletePacket(b, body, bodyLength) ? PACKET : OTHER;
            case INTERFACE_DESCRIPTION:
                interfaceDescription(b, body, bodyLength);
                return OTHER;
            case SECTION_HEADER:
                return section(b, body, bodyLength, blockPosition) ? OTHER : END;
            default:
                skippedBlocks++;
                return OTHER;
        }
    }

    private boolean section(ByteBuffer b, int body, int bodyLength, long blockPosition) {
        if (bodyLength < 16) {
            status.end(ReadProblem.BAD_LATER_SECTION, "section header block of " + (bodyLength + 12) + " bytes",
                    blockPosition);
            return false;
        }
        int major = b.getShort(body + 4) & 0xFFFF;
        if (major != 1) {
            status.end(ReadProblem.BAD_LATER_SECTION, "pcapng major version " + major, blockPosition);
            return false;
        }
        sections++;
        interfaces.clear();
        return true;
    }

    private void interfaceDescription(ByteBuffer b, int body, int bodyLength) {
        boolean described = interfaces.describe(b, body, bodyLength);
        interfaces.add(described);
        if (!described) {
            status.count(ReadProblem.BAD_INTERFACE_BLOCK);
            return;
        }
        if (interfaces.badOption) {
            status.count(ReadProblem.BAD_INTERFACE_OPTION);
        }
        if (firstLinkType < 0) {
            first();
        }
    }

    /** Remembers the interface just described as the file's first. */
    private void first() {
        firstLinkType = interfaces.linkType;
        firstSnaplen = interfaces.snaplen;
        firstResolution = interfaces.resolution;
    }

    private boolean enhancedPacket(ByteBuffer b, int body, int bodyLength) {
        if (bodyLength < 20) {
            status.count(ReadProblem.BAD_PACKET_BLOCK);
            return false;
        }
        long t = (long) b.getInt(body + 4) << 32 | b.getInt(body + 8) & 0xFFFFFFFFL;
        return packet(b, body + 20, bodyLength - 20, b.getInt(body), t, b.getInt(body + 12), b.getInt(body + 16));
    }

    private boolean obsoletePacket(ByteBuffer b, int body, int bodyLength) {
        if (bodyLength < 20) {
            status.count(ReadProblem.BAD_PACKET_BLOCK);
            return false;
        }
        long t = (long) b.getInt(body + 4) << 32 | b.getInt(body + 8) & 0xFFFFFFFFL;
        return packet(b, body + 20, bodyLength - 20, b.getShort(body) & 0xFFFF, t, b.getInt(body + 12),
                b.getInt(body + 16));
    }

    private boolean simplePacket(ByteBuffer b, int body, int bodyLength) {
        if (bodyLength < 4) {
            status.count(ReadProblem.BAD_PACKET_BLOCK);
            return false;
        }
        if (!interfaces.known(0)) {
            status.count(ReadProblem.UNKNOWN_INTERFACE);
            return false;
        }
        // no captured length in the block: it is the smaller of the packet and the snapshot length
        int length = b.getInt(body);
        int snapshot = interfaces.snapshot(0);
        int caplen = Integer.compareUnsigned(length, snapshot) < 0 ? length : snapshot;
        if (caplen > bodyLength - 4) {
            status.count(ReadProblem.BAD_PACKET_BLOCK);
            return false;
        }
        interfaces.timestamp(0, 0);
        frame.setMapped(b, body + 4, caplen, length, interfaces.seconds, interfaces.fraction, interfaces.linkType(0),
                0);
        return true;
    }

    private boolean packet(ByteBuffer b, int data, int room, int id, long t, int caplen, int length) {
        if (Integer.compareUnsigned(caplen, room) > 0) {
            status.count(ReadProblem.BAD_PACKET_BLOCK);
            return false;
        }
        if (!interfaces.known(id)) {
            status.count(ReadProblem.UNKNOWN_INTERFACE);
            return false;
        }
        int kept = caplen;
        if (caplen > interfaces.snapshot(id)) {
            kept = interfaces.snapshot(id);
            status.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN);
        }
        interfaces.timestamp(id, t);
        frame.setMapped(b, data, kept, length, interfaces.seconds, interfaces.fraction, interfaces.linkType(id), id);
        return true;
    }

    /** The first interface's link type, or -1 before any. */
    int firstLinkType() {
        return firstLinkType;
    }

    int firstSnaplen() {
        return firstSnaplen;
    }

    /** True when the first interface's timestamps are finer than a microsecond. */
    boolean nanosecond() {
        return firstLinkType >= 0 && PcapngInterfaces.finerThanMicroseconds(firstResolution);
    }

    int sections() {
        return sections;
    }

    long skippedBlocks() {
        return skippedBlocks;
    }

    long position() {
        return position;
    }
}
