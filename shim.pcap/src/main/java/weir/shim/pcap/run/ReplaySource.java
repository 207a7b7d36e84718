package weir.shim.pcap.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.shim.pcap.capture.CaptureReader;
import weir.shim.pcap.capture.Frame;
import weir.shim.pcap.capture.PcapWriter;
import weir.shim.pcap.capture.ReadProblem;
import weir.shim.pcap.flow.FlowTracker;
import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;
import weir.shim.pcap.values.PacketDirection;

/**
 * Offline mode ({@code --replay FILE}): a pcap or pcapng file read by the memory-mapped reader, verdicts
 * carried out by writing each packet to the permitted or the dropped file (pcap, the input's link type,
 * bytes and timestamps as they were; a callout's modified copy in place of the original it absorbed).
 * Packets no layer could judge count as passed and go to the permitted file. Time is the capture's.
 */
final class ReplaySource implements Source, PacketProcessor.Output {
    private final Path file;
    private final Path permittedFile;
    private final Path droppedFile;
    private final List<String> notes = new ArrayList<>();
    private CaptureReader reader;
    private PcapWriter permitted;
    private PcapWriter dropped;
    private int outputLinkType = -1;
    private ShimCounters counters;
    private volatile boolean stopped;
    /**
     * A batch of frames copied out of the reader one after the other into one array (see {@link #run}), so that
     * every packet is parsed from the same array: the parsed packet's reference to it is not stored again
     * (a write barrier, with G1 a fence) packet after packet. Grows only for a batch of larger frames.
     */
    private static final int BATCH = 16;
    private byte[] frames = new byte[BATCH * 2048];
    private final int[] offsets = new int[BATCH];
    private final int[] captured = new int[BATCH];
    private final int[] original = new int[BATCH];
    private final int[] linkTypes = new int[BATCH];
    private final long[] times = new long[BATCH];
    private final int[] hints = new int[BATCH];
    private boolean closed;

    ReplaySource(Path file, Path permittedFile, Path droppedFile) {
        this.file = file;
        this.permittedFile = permittedFile;
        this.droppedFile = droppedFile;
    }

    @Override
    public String mode() {
        return "offline";
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public boolean enforces() {
        return true;
    }

    @Override
    public boolean canInject() {
        return true;
    }

    @Override
    public void open(ShimCounters counters) throws SourceException {
        this.counters = counters;
        reader = CaptureReader.open(file);
        if (reader.rejected()) {
            String line = reader.problemLine();
            reader.close();
            throw new SourceException(line);
        }
        outputLinkType = Math.max(0, reader.linkTypeField()) & 0xFFFF;
        try {
            if (permittedFile != null) {
                permitted = PcapWriter.like(permittedFile, reader);
            }
            if (droppedFile != null) {
                dropped = PcapWriter.like(droppedFile, reader);
            }
        } catch (IOException | RuntimeException e) {
            Path bad = permitted == null ? permittedFile : droppedFile;
            close();
            throw new SourceException((bad == permittedFile ? "--permitted " : "--dropped ") + bad
                    + ": cannot be written (" + why(e) + "); choose a writable file");
        }
    }

    private static String why(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public PacketProcessor.Output output() {
        return this;
    }

    /**
     * Reads frames {@value #BATCH} at a time, touches their flows' slots in the flow table together (see
     * {@link FlowTracker#touch}: their cache misses overlap), then processes them one by one, in order.
     */
    @Override
    public void run(PacketProcessor processor) {
        FlowTracker flows = processor.path().flows();
        while (!stopped) {
            int n = 0;
            int end = 0;
            while (n < BATCH && reader.next()) {
                Frame f = reader.frame();
                int length = f.capturedLength();
                if (frames.length - end < length) {
                    frames = Arrays.copyOf(frames, Math.max(end + length, frames.length * 2));
                }
                f.copyTo(frames, end);
                offsets[n] = end;
                captured[n] = length;
                original[n] = f.originalLength();
                linkTypes[n] = f.linkType();
                times[n] = f.timestampNanos();
                hints[n] = FlowTracker.hint(frames, end, length, linkTypes[n]);
                end += length;
                n++;
            }
            flows.touch(hints, n);
            byte[] b = frames;
            for (int i = 0; i < n; i++) {
                processor.process(b, offsets[i], captured[i], original[i], linkTypes[i], times[i], null, -1);
            }
            if (n < BATCH) {
                break;
            }
        }
        if (reader.endReason() != null) {
            notes.add(reader.problemLine() + "; the packets before it were processed");
        }
    }

    @Override
    public void frame(boolean pass, byte[] array, int offset, int capturedLength, int originalLength, int linkType,
            long timestampNanos, PacketDirection direction, boolean injected) {
        PcapWriter w = pass ? permitted : dropped;
        if (w == null) {
            return;
        }
        if (linkType != outputLinkType) {
            // a pcapng input may mix link types; a pcap output has one
            counters.outputRefused();
            return;
        }
        try {
            w.write(array, offset, capturedLength, originalLength, timestampNanos);
        } catch (IOException e) {
            notes.add((pass ? "--permitted " : "--dropped ") + w.file() + ": write failed (" + e.getMessage()
                    + "); nothing more is written to it");
            closeQuietly(w);
            if (pass) {
                permitted = null;
            } else {
                dropped = null;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reader != null) {
            reader.close();
        }
        closeQuietly(permitted);
        closeQuietly(dropped);
    }

    private void closeQuietly(PcapWriter w) {
        if (w == null) {
            return;
        }
        try {
            w.close();
        } catch (IOException e) {
            notes.add(w.file() + ": could not be completed (" + e.getMessage() + ")");
        }
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        if (reader != null) {
            m.put("format", reader.format().name().toLowerCase());
            m.put("link_type", reader.linkType());
            Map<String, Object> problems = new LinkedHashMap<>();
            for (ReadProblem p : ReadProblem.values()) {
                if (reader.count(p) > 0) {
                    problems.put(p.name(), reader.count(p));
                }
            }
            m.put("read_problems", problems);
            m.put("ended_early", reader.endReason() == null ? null : reader.problemLine());
        }
        if (permittedFile != null) {
            m.put("permitted_file", permittedFile.toString());
            m.put("permitted_written", permitted == null ? null : permitted.packets());
        }
        if (droppedFile != null) {
            m.put("dropped_file", droppedFile.toString());
            m.put("dropped_written", dropped == null ? null : dropped.packets());
        }
        return m;
    }
}
