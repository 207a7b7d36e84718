package weir.shim.pcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The classic pcap format: a 24-byte file header, then records of a 16-byte header and the packet bytes.
 * Reads both byte orders, microsecond and nanosecond magic, and the Kuznetzov variant (24-byte record
 * headers), and follows libpcap where files are odd: caplen and len swapped before version 2.3, frames
 * above the snapshot length cut to it, records above the link type's maximum taken as corruption.
 */
final class PcapRecords {
    static final int MAGIC_MICRO = 0xA1B2C3D4;
    static final int MAGIC_NANO = 0xA1B23C4D;
    static final int MAGIC_KUZNETZOV = 0xA1B2CD34;
    static final int FILE_HEADER_LENGTH = 24;

    /** The linktype field's low 16 bits name the link type; the top bits carry FCS information. */
    private static final int LINK_TYPE_MASK = 0xFFFF;

    private static final int LENGTHS_IN_ORDER = 0;
    private static final int LENGTHS_SWAPPED = 1;
    private static final int LENGTHS_MAYBE_SWAPPED = 2;

    private final MappedInput in;
    private final Frame frame;
    private final ReadStatus status;
    private final boolean nanosecond;
    private final int recordHeaderLength;
    private final int lengthOrder;
    private final int linkType;
    private final int linkTypeField;
    private final int snaplenField;
    private final int snapshot;
    private final int maximumCaplen;
    private long position = FILE_HEADER_LENGTH;

    private PcapRecords(MappedInput in, Frame frame, ReadStatus status, int magic, int major, int minor,
            int snaplenField, int linkTypeField) {
        this.in = in;
        this.frame = frame;
        this.status = status;
        this.nanosecond = magic == MAGIC_NANO;
        this.recordHeaderLength = magic == MAGIC_KUZNETZOV ? 24 : 16;
        this.snaplenField = snaplenField;
        this.linkTypeField = linkTypeField;
        this.linkType = linkTypeField & LINK_TYPE_MASK;
        this.maximumCaplen = LinkType.maximumSnaplen(linkType);
        int snap = LinkType.effectiveSnaplen(linkType, snaplenField);
        if (magic == MAGIC_KUZNETZOV && linkType == LinkType.ETHERNET) {
            // libpcap: such a capture may have been cooked, with a fake 14-byte Ethernet header added
            snap = snap <= Integer.MAX_VALUE - 14 ? snap + 14 : Integer.MAX_VALUE;
        }
        this.snapshot = snap;
        if (major == 543 || major == 2 && minor < 3) {
            lengthOrder = LENGTHS_SWAPPED;
        } else if (major == 2 && minor == 3) {
            lengthOrder = LENGTHS_MAYBE_SWAPPED;
        } else {
            lengthOrder = LENGTHS_IN_ORDER;
        }
    }

    /** True for the six magic values of the format (both byte orders), read big-endian. */
    static boolean isMagic(int bigEndian) {
        return knownMagic(bigEndian) || knownMagic(Integer.reverseBytes(bigEndian));
    }

    private static boolean knownMagic(int magic) {
        return magic == MAGIC_MICRO || magic == MAGIC_NANO || magic == MAGIC_KUZNETZOV;
    }

    /** Reads the file header; null (with the reason in {@code status}) when the file cannot be read. */
    static PcapRecords open(MappedInput in, Frame frame, ReadStatus status) throws IOException {
        if (in.size() < FILE_HEADER_LENGTH) {
            status.end(ReadProblem.TRUNCATED_FILE_HEADER,
                    "the pcap file header needs 24 bytes, the file has " + in.size(), 0);
            return null;
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int h = in.at(0, FILE_HEADER_LENGTH);
        int magic = in.buffer().getInt(h);
        if (!knownMagic(magic)) {
            magic = Integer.reverseBytes(magic);
            in.order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = in.buffer();
        int major = b.getShort(h + 4) & 0xFFFF;
        int minor = b.getShort(h + 6) & 0xFFFF;
        if (major < 2) {
            status.end(ReadProblem.UNSUPPORTED_VERSION, "archaic pcap version " + major + "." + minor, 4);
            return null;
        }
        if (!(major == 2 && minor <= 4 || major == 543 && minor == 0)) {
            status.end(ReadProblem.UNSUPPORTED_VERSION, "pcap version " + major + "." + minor, 4);
            return null;
        }
        return new PcapRecords(in, frame, status, magic, major, minor, b.getInt(h + 16), b.getInt(h + 20));
    }

    /** Moves to the next record; false at the end of the file or when a record cannot be trusted. */
    boolean next() throws IOException {
        long remaining = in.size() - position;
        if (remaining == 0) {
            return false;
        }
        if (remaining < recordHeaderLength) {
            status.end(ReadProblem.TRUNCATED_RECORD, remaining + " bytes left where a record header needs "
                    + recordHeaderLength, position);
            return false;
        }
        int h = in.at(position, recordHeaderLength);
        ByteBuffer b = in.buffer();
        long seconds = b.getInt(h) & 0xFFFFFFFFL;
        long fraction = b.getInt(h + 4) & 0xFFFFFFFFL;
        int caplen = b.getInt(h + 8);
        int length = b.getInt(h + 12);
        if (lengthOrder == LENGTHS_SWAPPED
                || lengthOrder == LENGTHS_MAYBE_SWAPPED && Integer.compareUnsigned(caplen, length) > 0) {
            int t = caplen;
            caplen = length;
            length = t;
        }
        if (Integer.compareUnsigned(caplen, maximumCaplen) > 0 || caplen > in.window()) {
            status.end(ReadProblem.RECORD_TOO_LARGE, "captured length " + Integer.toUnsignedString(caplen)
                    + " above the maximum " + maximumCaplen, position);
            return false;
        }
        long data = position + recordHeaderLength;
        if (caplen > in.size() - data) {
            status.end(ReadProblem.TRUNCATED_RECORD, "a record of " + caplen + " bytes with "
                    + (in.size() - data) + " left", position);
            return false;
        }
        int kept = caplen;
        if (caplen > snapshot) {
            kept = snapshot;
            status.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN);
        }
        int d = in.at(data, caplen);
        frame.setMapped(in.buffer(), d, kept, length, seconds, nanosecond ? fraction : fraction * 1000,
                linkType, 0);
        position = data + caplen;
        return true;
    }

    long position() {
        return position;
    }

    int linkType() {
        return linkType;
    }

    /** The whole linktype field, FCS bits included, for writers that copy it. */
    int linkTypeField() {
        return linkTypeField;
    }

    int snaplenField() {
        return snaplenField;
    }

    boolean nanosecond() {
        return nanosecond;
    }
}
