package weir.shim.pcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a pcap or pcapng file through memory mapping, one {@link Frame} at a time, without allocating per
 * packet and without locks (one reader, one thread). Never throws for bad input: an unreadable file is
 * {@link #rejected()} with a one-line {@link #problemLine()}; a corrupt or truncated record ends reading
 * with its {@link #endReason()}, keeping every packet before it; lesser problems are counted per
 * {@link ReadProblem} and reading goes on.
 *
 * <pre>
 * try (CaptureReader r = CaptureReader.open(path)) {
 *     while (r.next()) { Frame f = r.frame(); ... }
 *     if (r.endReason() != null) System.err.println(r.problemLine());
 * }
 * </pre>
 */
public final class CaptureReader implements AutoCloseable {

    /** The file's format, as its first four bytes say. */
    public enum Format {
        PCAP,
        PCAPNG,
        /** Not known: the file was rejected before its format was recognised. */
        UNKNOWN
    }

    private final Path file;
    private final Frame frame = new Frame();
    private final ReadStatus status = new ReadStatus();
    private Format format = Format.UNKNOWN;
    private FileChannel channel;
    private PcapRecords pcap;
    private PcapngBlocks pcapng;
    private boolean reading;
    private long packets;

    private CaptureReader(Path file) {
        this.file = file;
    }

    /** Opens a capture file; never throws (see {@link #rejected()}). */
    public static CaptureReader open(Path file) {
        return open(file, MappedInput.DEFAULT_WINDOW);
    }

    /** Opens with a given mapping window (tests exercise window changes with small files). */
    static CaptureReader open(Path file, int window) {
        CaptureReader r = new CaptureReader(file);
        r.start(window);
        return r;
    }

    private void start(int window) {
        try {
            if (!Files.isRegularFile(file)) {
                status.end(ReadProblem.UNREADABLE, Files.exists(file) ? "not a regular file" : "no such file", 0);
                return;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 4) {
                status.end(ReadProblem.TRUNCATED_FILE_HEADER, "the file has " + size + " bytes", 0);
                return;
            }
            ByteBuffer magicBytes = ByteBuffer.allocate(4);
            while (magicBytes.hasRemaining() && channel.read(magicBytes, magicBytes.position()) > 0) {
                // read the first four bytes
            }
            int magic = magicBytes.getInt(0);
            MappedInput in = new MappedInput(channel, size, window);
            if (PcapRecords.isMagic(magic)) {
                format = Format.PCAP;
                pcap = PcapRecords.open(in, frame, status);
            } else if (magic == PcapngBlocks.SECTION_HEADER) {
                format = Format.PCAPNG;
                pcapng = PcapngBlocks.open(in, frame, status);
            } else {
                status.end(ReadProblem.NOT_A_CAPTURE, "first bytes 0x" + String.format("%08x", magic), 0);
            }
            reading = (pcap != null || pcapng != null) && status.ended() == null;
        } catch (NoSuchFileException e) {
            status.end(ReadProblem.UNREADABLE, "no such file", 0);
        } catch (AccessDeniedException e) {
            status.end(ReadProblem.UNREADABLE, "permission denied", 0);
        } catch (IOException | RuntimeException | InternalError e) {
            status.end(ReadProblem.UNREADABLE, String.valueOf(e), 0);
        }
        if (!reading) {
            close();
        }
    }

    /**
     * Moves to the next frame. False at the end of the file, after a problem that ends reading, and always
     * for a rejected file.
     */
    public boolean next() {
        if (!reading) {
            return false;
        }
        try {
            if (pcap != null ? pcap.next() : pcapng.next()) {
                packets++;
                return true;
            }
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: the file shrank under its mapping; RuntimeException: a reader bug, named in the line
            status.end(ReadProblem.READ_ERROR, String.valueOf(e), pcap != null ? pcap.position() : pcapng.position());
        }
        reading = false;
        close();
        return false;
    }

    /** The current frame (the same object for every frame). */
    public Frame frame() {
        return frame;
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** Frames read so far. */
    public long packets() {
        return packets;
    }

    /** True when no frame can be read from the file at all. */
    public boolean rejected() {
        ReadProblem p = status.ended();
        return p != null && p.effect() == ReadProblem.Effect.REJECT;
    }

    /** Why reading ended before the end of the file (a REJECT or STOP problem), or null. */
    public ReadProblem endReason() {
        return status.ended();
    }

    /** How often a problem occurred (0 or 1 for the REJECT and STOP kinds). */
    public long count(ReadProblem problem) {
        return status.countOf(problem);
    }

    /**
     * One line naming the file and why it was rejected or stopped early, e.g.
     * {@code x.pcap: last packet record cut short (a record of 98 bytes with 40 left) after 17 packets};
     * null when reading has not ended early.
     */
    public String problemLine() {
        ReadProblem p = status.ended();
        if (p == null) {
            return null;
        }
        StringBuilder s = new StringBuilder().append(file).append(": ").append(p.description());
        if (status.detail() != null) {
            s.append(" (").append(status.detail()).append(')');
        }
        if (p.effect() == ReadProblem.Effect.STOP) {
            s.append(" after ").append(packets).append(packets == 1 ? " packet" : " packets")
                    .append(" at byte ").append(status.endOffset());
        }
        return s.toString();
    }

    /** The file's link type: the pcap header's, or the first pcapng interface's; -1 when none is known. */
    public int linkType() {
        return pcap != null ? pcap.linkType() : pcapng != null ? pcapng.firstLinkType() : -1;
    }

    /** The pcap header's whole linktype field (FCS bits included); for pcapng the first link type. */
    public int linkTypeField() {
        return pcap != null ? pcap.linkTypeField() : linkType();
    }

    /** The snapshot length the file declares (pcap header, or the first pcapng interface); 0 when none. */
    public int snaplen() {
        return pcap != null ? pcap.snaplenField() : pcapng != null ? pcapng.firstSnaplen() : 0;
    }

    /** True when the file's timestamps are finer than microseconds (nanosecond pcap, or pcapng tsresol). */
    public boolean nanosecondTimestamps() {
        return pcap != null ? pcap.nanosecond() : pcapng != null && pcapng.nanosecond();
    }

    /** pcapng sections seen so far (0 for pcap). */
    public int sections() {
        return pcapng != null ? pcapng.sections() : 0;
    }

    /** pcapng blocks skipped because they carry no packets and nothing the reader needs. */
    public long skippedBlocks() {
        return pcapng != null ? pcapng.skippedBlocks() : 0;
    }

    /** Releases the file. Idempotent; reading ends. */
    @Override
    public void close() {
        reading = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written; the mapping stays valid until collected
            }
            channel = null;
        }
    }
}
