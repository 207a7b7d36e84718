package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** The outcome of comparing both readers over a set of files. */
    static final class Tally {
        final String title;
        int files;
        int bothOpened;
        int bothRejected;
        int onlyLibpcapRejected;
        int onlyOursRejected;
        int libpcapStoppedOursReadOn;
        int bothStoppedSame;
        long frames;
        long extraFrames;
        final List<String> failures = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, Integer> ourEndReasons = new TreeMap<>();
        final Map<String, Integer> deviations = new TreeMap<>();
        final long start = System.nanoTime();

        Tally(String title) {
            this.title = title;
        }

        String report() {
            StringBuilder s = new StringBuilder();
            s.append(title).append(": reader vs ").append(Pcaps.libVersion()).append(" over ").append(files)
                    .append(" files in ").append(String.format("%.1f s", (System.nanoTime() - start) / 1e9))
                    .append('\n');
            s.append("  opened by both: ").append(bothOpened).append(", identical frames compared: ").append(frames)
                    .append('\n');
            s.append("  both stop early with an error at the same packet: ").append(bothStoppedSame).append('\n');
            s.append("  libpcap (or pcap4j) stops early with an error, ours reads on: ")
                    .append(libpcapStoppedOursReadOn).append(" files, ").append(extraFrames).append(" more packets\n");
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
            return s.toString();
        }

        void assertNoFailure(String reportName) {
            Corpus.report(reportName, report());
            assertTrue(failures.isEmpty(), failures.size() + " files differ; first: "
                    + (failures.isEmpty() ? "" : failures.get(0)));
        }
    }

    @Test
    void everyFrameLibpcapReadsIsIdenticalInOurReader() {
        Corpus.assumeLibpcap();
        Tally t = new Tally("corpus");
        for (Path file : Corpus.captures()) {
            compareFile(file, t);
        }
        t.assertNoFailure("reader-vs-libpcap.txt");
    }

    /** Every corpus file cut at a random point: the packets before the cut come out of both readers alike. */
    @Test
    void truncatedCopiesOfTheCorpus(@TempDir Path dir) throws IOException {
        Corpus.assumeLibpcap();
        Tally t = new Tally("corpus files cut short");
        for (Path file : Corpus.captures()) {
            byte[] content = Files.readAllBytes(file);
            if (content.length <= 32) {
                continue;
            }
            Random random = new Random(file.getFileName().toString().hashCode());
            int cut = 24 + random.nextInt(content.length - 24);
            Path copy = dir.resolve("cut-" + file.getFileName());
            Files.write(copy, Arrays.copyOf(content, cut));
            compareFile(copy, t);
        }
        t.assertNoFailure("reader-vs-libpcap-truncated.txt");
    }

    /** Every corpus file with 4 random bytes overwritten after the file header. */
    @Test
    void corruptedCopiesOfTheCorpus(@TempDir Path dir) throws IOException {
        Corpus.assumeLibpcap();
        Tally t = new Tally("corpus files with 4 bytes overwritten");
        for (Path file : Corpus.captures()) {
            byte[] content = Files.readAllBytes(file);
            if (content.length <= 32) {
                continue;
            }
            Random random = new Random(~file.getFileName().toString().hashCode());
            int at = 24 + random.nextInt(content.length - 28);
            for (int i = 0; i < 4; i++) {
                content[at + i] = (byte) random.nextInt();
            }
            Path copy = dir.resolve("bad-" + file.getFileName());
            Files.write(copy, content);
            compareFile(copy, t);
        }
        t.assertNoFailure("reader-vs-libpcap-corrupted.txt");
    }

    static void compareFile(Path file, Tally t) {
        t.files++;
        Reference ref = libpcap(file);
        String name = file.getFileName().toString();
        try (CaptureReader ours = CaptureReader.open(file)) {
            if (ref.openError != null) {
                if (ours.rejected()) {
                    t.bothRejected++;
                } else {
                    t.onlyLibpcapRejected++;
                    long n = 0;
                    while (ours.next()) {
                        n++;
                    }
                    t.notes.add(name + ": libpcap rejects (" + ref.openError + "), ours reads " + n + " packets"
                            + (ours.endReason() != null ? " then: " + ours.problemLine() : ""));
                }
                return;
            }
            if (ours.rejected()) {
                t.onlyOursRejected++;
                String line = name + ": libpcap opens it (" + ref.data.size() + " packets" + (ref.readError != null
                        ? ", then: " + ref.readError : "") + "), ours rejects: " + ours.problemLine();
                if (ref.data.isEmpty()) {
                    t.notes.add(line);
                } else {
                    t.failures.add(line);
                }
                return;
            }
            t.bothOpened++;
            int i = 0;
            String mismatch = null;
            while (i < ref.data.size() && ours.next()) {
                mismatch = compare(ref, i, ours.frame(), ours.format(), t.deviations);
                i++;
                if (mismatch != null) {
                    t.failures.add(name + ": " + mismatch);
                    return;
                }
            }
            t.frames += i;
            long ourCount = ours.packets();
            while (ours.next()) {
                ourCount++;
            }
            if (ours.endReason() != null) {
                t.ourEndReasons.merge(ours.endReason().name(), 1, Integer::sum);
            }
            if (ourCount < ref.data.size()) {
                t.failures.add(name + ": ours stops after " + ourCount + " of libpcap's " + ref.data.size()
                        + " packets: " + ours.problemLine());
            } else if (ourCount > ref.data.size()) {
                if (ref.readError == null) {
                    t.failures.add(name + ": ours reads " + ourCount + " packets, libpcap " + ref.data.size());
                } else {
                    t.libpcapStoppedOursReadOn++;
                    t.extraFrames += ourCount - ref.data.size();
                    t.notes.add(name + ": libpcap (via pcap4j) stops after " + ref.data.size() + " packets ("
                            + ref.readError + "), ours reads " + ourCount + counted(ours)
                            + (ours.endReason() != null ? " then: " + ours.problemLine() : ""));
                }
            } else if (ref.readError != null) {
                if (ours.endReason() == null) {
                    t.notes.add(name + ": libpcap ends with an error (" + ref.readError
                            + ") where ours reads to the end of the file: " + ourCount + " packets"
                            + counted(ours));
                } else {
                    t.bothStoppedSame++;
                }
            }
        }
    }

    /** The problems our reader counted and read past, e.g. {@code , skipping BAD_PACKET_BLOCK 1}. */
    private static String counted(CaptureReader r) {
        StringBuilder s = new StringBuilder();
        for (ReadProblem p : ReadProblem.values()) {
            if (p.effect() == ReadProblem.Effect.COUNT && r.count(p) > 0) {
                s.append(s.length() == 0 ? ", counting " : ", ").append(p).append(' ').append(r.count(p));
            }
        }
        return s.toString();
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
