package weir.shim.pcap.capture;

import java.nio.ByteBuffer;

/**
 * The current frame of a capture: its bytes, lengths, timestamp, link type and interface. One object per
 * reader, refilled by every {@link CaptureReader#next()}; valid until the next call. Nothing here
 * allocates per frame: a frame read from a mapped file is copied into a reusable array the first time
 * {@link #array()} is asked for it (the array grows only when a larger frame comes).
 */
public final class Frame {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ByteBuffer source;
    private int sourceIndex;
    private boolean copied;
    private byte[] copy;

    private byte[] array;
    private int offset;
    private int capturedLength;
    private int originalLength;
    private long seconds;
    private long fractionNanos;
    private int linkType;
    private int interfaceId;

    public Frame() {
        this(2048);
    }

    Frame(int initialCapacity) {
        copy = new byte[initialCapacity];
    }

    /** Points the frame at bytes of a mapped file (readers only). */
    void setMapped(ByteBuffer buffer, int index, int capturedLength, int originalLength, long seconds,
            long fractionNanos, int linkType, int interfaceId) {
        // a reference store costs the collector's write barrier (with G1 a memory fence when the two objects
        // lie in different old regions): a reader's frames mostly come from the same mapped window
        if (this.source != buffer) {
            this.source = buffer;
        }
        this.sourceIndex = index;
        this.copied = false;
        this.array = null;
        this.offset = 0;
        setHeader(capturedLength, originalLength, seconds, fractionNanos, linkType, interfaceId);
    }

    /**
     * Points the frame at bytes in an array (a live capture, a modified packet, a test). The array is not
     * copied: keep it unchanged while the frame is in use.
     */
    public void set(byte[] data, int offset, int capturedLength, int originalLength, long timestampNanos,
            int linkType, int interfaceId) {
        this.source = null;
        this.copied = true;
        this.array = data;
        this.offset = offset;
        setHeader(capturedLength, originalLength, Math.floorDiv(timestampNanos, NANOS_PER_SECOND),
                Math.floorMod(timestampNanos, NANOS_PER_SECOND), linkType, interfaceId);
    }

    private void setHeader(int capturedLength, int originalLength, long seconds, long fractionNanos,
            int linkType, int interfaceId) {
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.seconds = seconds;
        this.fractionNanos = fractionNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
    }

    /** The array holding the frame's bytes, from {@link #offset()} for {@link #capturedLength()} bytes. */
    public byte[] array() {
        if (!copied) {
            if (copy.length < capturedLength) {
                copy = new byte[Math.max(capturedLength, Math.min(copy.length * 2, LinkType.MAXIMUM_SNAPLEN))];
            }
            source.get(sourceIndex, copy, 0, capturedLength);
            array = copy;
            copied = true;
        }
        return array;
    }

    /**
     * Copies the frame's captured bytes into {@code dst} from index 0 (it must hold {@link #capturedLength()}):
     * one copy straight from a mapped file, for a reader that keeps several frames at once.
     */
    public void copyTo(byte[] dst) {
        copyTo(dst, 0);
    }

    /** Copies the frame's captured bytes into {@code dst} from index {@code at} (see {@link #copyTo(byte[])}). */
    public void copyTo(byte[] dst, int at) {
        if (copied) {
            System.arraycopy(array, offset, dst, at, capturedLength);
        } else {
            source.get(sourceIndex, dst, at, capturedLength);
        }
    }

    /** Where the frame starts in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** One byte of the frame, without copying it out of a mapped file. */
    public int byteAt(int index) {
        return copied ? array[offset + index] & 0xFF : source.get(sourceIndex + index) & 0xFF;
    }

    /** The bytes the file holds for this frame. */
    public int capturedLength() {
        return capturedLength;
    }

    /** The frame's length on the wire (unsigned; at least {@link #capturedLength()} in a sane file). */
    public int originalLength() {
        return originalLength;
    }

    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos() {
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }

    /**
     * The timestamp's seconds as the file gives them (after the pcapng interface's offset). With
     * {@link #timestampFractionNanos()} this is libpcap's {@code ts} with nanosecond precision.
     */
    public long timestampSeconds() {
        return seconds;
    }

    /** The timestamp's fraction of a second in nanoseconds (below 10^9 unless the file is broken). */
    public long timestampFractionNanos() {
        return fractionNanos;
    }

    /** The frame's {@code LINKTYPE_*} (see {@link LinkType}). */
    public int linkType() {
        return linkType;
    }

    /** The pcapng interface id within its section (0 for pcap). */
    public int interfaceId() {
        return interfaceId;
    }
}
