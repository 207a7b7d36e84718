package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

import weir.shim.pcap.Corpus;

/**
 * The memory-mapped reader against libpcap (through pcap4j, raw packets only) over the whole tcpdump
 * corpus: every frame libpcap gives must come out of our reader identical — bytes, original length,
 * timestamp to the nanosecond, link type. Where libpcap rejects a file or stops early with an error, our
 * reader may reject or stop too, or read on; both are counted and reported, never thrown.
 */
class ReaderMatchesLibpcapTest {

    /** What libpcap made of one file. */
    static final class Reference {
        String openError;
        String readError;
        int dlt = -1;
        final List<byte[]> data = new ArrayList<>();
        final List<long[]> headers = new ArrayList<>(); // seconds, nanos, original length
    }

    static Reference libpcap(Path file) {
        Reference r = new Reference();
        PcapHandle h;
        try {
            h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            r.openError = e.getMessage();
            return r;
        }
        boolean closable = true;
        try {
            r.dlt = h.getDlt().value();
            for (;;) {
                byte[] bytes;
                try {
                    bytes = h.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (PcapNativeException e) {
                    r.readError = e.getMessage();
                    break;
                } catch (RuntimeException e) {
                    // pcap4j could not represent the timestamp and kept its read lock: do not close
                    r.readError = "pcap4j: " + e;
                    closable = false;
                    break;
                }
                Timestamp t = h.getTimestamp();
                r.data.add(bytes);
                r.headers.add(new long[] {Math.floorDiv(t.getTime(), 1000), t.getNanos(), h.getOriginalLength()});
            }
        } catch (Exception e) {
            r.readError = "pcap4j: " + e;
        } finally {
            if (closable) {
                h.close();
            }
        }
        return r;
    }

    @Test
    void everyFrameLibpcapReadsIsIdenticalInOurReader() {
        Corpus.assumeLibpcap();
        List<Path> files = Corpus.captures();
        int bothOpened = 0;
        int bothRejected = 0;
        int onlyLibpcapRejected = 0;
        int onlyOursRejected = 0;
        int libpcapStoppedOursReadOn = 0;
        int bothStoppedSame = 0;
        long frames = 0;
        long extraFrames = 0;
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Integer> ourEndReasons = new TreeMap<>();
        Map<String, Integer> deviations = new TreeMap<>();
        long start = System.nanoTime();
        for (Path file : files) {
            Reference ref = libpcap(file);
            String name = file.getFileName().toString();
            try (CaptureReader ours = CaptureReader.open(file)) {
                if (ref.openError != null) {
                    if (ours.rejected()) {
                        bothRejected++;
                    } else {
                        onlyLibpcapRejected++;
                        long n = 0;
                        while (ours.next()) {
                            n++;
                        }
                        notes.add(name + ": libpcap rejects (" + ref.openError + "), ours reads " + n + " packets"
                                + (ours.endReason() != null ? " then: " + ours.problemLine() : ""));
                    }
                    continue;
                }
                if (ours.rejected()) {
                    onlyOursRejected++;
                    failures.add(name + ": libpcap opens it (" + ref.data.size() + " packets), ours rejects: "
                            + ours.problemLine());
                    continue;
                }
                bothOpened++;
                int i = 0;
                String mismatch = null;
                while (mismatch == null && ours.next()) {
                    Frame f = ours.frame();
                    if (i >= ref.data.size()) {
                        break;
                    }
                    mismatch = compare(ref, i, f, ours.format(), deviations);
                    i++;
                }
                frames += Math.min(i, ref.data.size());
                if (mismatch != null) {
                    failures.add(name + ": " + mismatch);
                    continue;
                }
                long ourCount = ours.packets();
                while (ours.next()) {
                    ourCount++;
                }
                if (ours.endReason() != null) {
                    ourEndReasons.merge(ours.endReason().name(), 1, Integer::sum);
                }
                if (ourCount < ref.data.size()) {
                    failures.add(name + ": ours stops after " + ourCount + " of libpcap's " + ref.data.size()
                            + " packets: " + ours.problemLine());
                } else if (ourCount > ref.data.size()) {
                    if (ref.readError == null) {
                        failures.add(name + ": ours reads " + ourCount + " packets, libpcap " + ref.data.size());
                    } else {
                        libpcapStoppedOursReadOn++;
                        extraFrames += ourCount - ref.data.size();
                        notes.add(name + ": libpcap (via pcap4j) stops after " + ref.data.size() + " packets (" + ref.readError
                                + "), ours reads " + ourCount + (ours.endReason() != null ? " then: "
                                + ours.problemLine() : ""));
                    }
                } else if (ref.readError != null) {
                    if (ours.endReason() == null) {
                        notes.add(name + ": libpcap ends with an error (" + ref.readError
                                + ") where ours sees the end of the file after " + ourCount + " packets");
                    } else {
                        bothStoppedSame++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder s = new StringBuilder();
        s.append("reader vs libpcap ").append(Pcaps.libVersion()).append(" over ").append(files.size())
                .append(" files in ").append(String.format("%.1f s", seconds)).append('\n');
        s.append("  opened by both: ").append(bothOpened).append(", identical frames compared: ").append(frames)
                .append('\n');
        s.append("  both stop early at the same packet: ").append(bothStoppedSame).append('\n');
        s.append("  libpcap (or pcap4j) stops early with an error, ours reads on: ").append(libpcapStoppedOursReadOn)
                .append(" files, ").append(extraFrames).append(" more packets\n");
        s.append("  rejected by both: ").append(bothRejected).append('\n');
        s.append("  rejected by libpcap only (ours reads them): ").append(onlyLibpcapRejected).append('\n');
        s.append("  rejected by ours only: ").append(onlyOursRejected).append('\n');
        s.append("  our early-end reasons on files libpcap opens: ").append(ourEndReasons).append('\n');
        s.append("  frames identical but for a documented difference: ").append(deviations).append('\n');
        s.append("  failures: ").append(failures.size()).append('\n');
        for (String f : failures) {
            s.append("    FAIL ").append(f).append('\n');
        }
        for (String n : notes) {
            s.append("    note ").append(n).append('\n');
        }
        Corpus.report("reader-vs-libpcap.txt", s.toString());
        assertTrue(failures.isEmpty(), failures.size() + " files differ; first: " + (failures.isEmpty() ? ""
                : failures.get(0)));
    }

    private static String compare(Reference ref, int i, Frame f, CaptureReader.Format format,
            Map<String, Integer> deviations) {
        byte[] expected = ref.data.get(i);
        long[] h = ref.headers.get(i);
        byte[] actual = Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.capturedLength());
        String where = "packet " + (i + 1) + ": ";
        if (!Arrays.equals(expected, actual)) {
            return where + "bytes differ (libpcap " + expected.length + " bytes, ours " + actual.length + ")";
        }
        if (h[2] != f.originalLength()) {
            return where + "original length libpcap " + h[2] + ", ours " + f.originalLength();
        }
        long seconds = f.timestampSeconds();
        long fraction = f.timestampFractionNanos();
        if (h[0] != seconds && format == CaptureReader.Format.PCAP && h[0] == (int) seconds) {
            // libpcap 1.10 sign-extends the 32-bit seconds; the pcap format (and ours) reads them unsigned
            deviations.merge("pcap seconds at or after 2038-01-19 (libpcap 1.10: negative)", 1, Integer::sum);
            seconds = h[0];
        }
        if (h[1] != fraction && fraction >= 1_000_000_000L && h[1] == (int) fraction) {
            // an invalid fraction (>= 1 s) that pcap4j cut to an int: the same value modulo 2^32
            deviations.merge("invalid fraction >= 1 s (pcap4j keeps its low 32 bits)", 1, Integer::sum);
            fraction = h[1];
        }
        if (h[0] != seconds || h[1] != fraction) {
            return where + "timestamp libpcap " + h[0] + "." + h[1] + ", ours " + f.timestampSeconds() + "."
                    + f.timestampFractionNanos();
        }
        if (ref.dlt != LinkType.toDlt(f.linkType())) {
            return where + "link type libpcap DLT " + ref.dlt + ", ours " + LinkType.describe(f.linkType());
        }
        return null;
    }
}
