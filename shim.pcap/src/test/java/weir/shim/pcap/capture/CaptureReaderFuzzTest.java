package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz target for the pcap and pcapng reader (README, "Fuzzing"): the input is a capture file, read
 * once with the default mapping window and once with a window of a few hundred bytes (so records straddle
 * windows). The invariant: the reader never throws and never ends in READ_ERROR (its own bug) for a file it can
 * map; every frame's bytes lie inside the file and are the file's bytes; it yields no more frames than the file
 * has room for; both windows give the same frames and the same end (but where a record is larger than the
 * small window, which ends reading by design); a problem is one line naming the file.
 *
 * <p>Seeds (small captures from the tcpdump test suite, BSD licence: see NOTICE beside them) and every input
 * that ever failed: {@code src/test/resources/weir/shim/pcap/capture/CaptureReaderFuzzTestInputs/
 * readerKeepsFramesInsideTheFile/}.
 */
@Tag("captures")
class CaptureReaderFuzzTest {
    private static Path dir;
    private static Path file;

    @BeforeAll
    static void scratch() throws IOException {
        dir = Files.createTempDirectory("weir-fuzz-capture");
        file = dir.resolve("in.pcap");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "30s")
    void readerKeepsFramesInsideTheFile(byte[] input) throws IOException {
        Files.write(file, input);
        String wide = read(input, MappedInput.DEFAULT_WINDOW);
        String narrow = read(input, 256 + (input.length > 0 ? input[input.length - 1] & 0x7F : 0));
        // a record larger than the window ends reading there by design (RECORD_TOO_LARGE; the default window
        // of 1 GiB is far above any record's limit): up to that point both windows read the same
        int cut = narrow.indexOf("end=");
        if (narrow.startsWith("end=RECORD_TOO_LARGE", cut)) {
            assertTrue(wide.startsWith(narrow.substring(0, cut)),
                    () -> "the mapping window changed the frames read:\n" + wide + "\n" + narrow);
        } else {
            assertTrue(wide.equals(narrow), () -> "the mapping window changed what was read:\n" + wide + "\n" + narrow);
        }
    }

    private static String read(byte[] input, int window) {
        StringBuilder seen = new StringBuilder();
        try (CaptureReader r = CaptureReader.open(file, window)) {
            long frames = 0;
            while (r.next()) {
                frames++;
                Frame f = r.frame();
                int n = f.capturedLength();
                assertTrue(n >= 0 && n <= input.length, () -> "a frame of " + n + " bytes in a file of " + input.length);
                assertTrue(f.offset() >= 0 && f.offset() + n <= f.array().length, "frame outside its array");
                assertTrue(contains(input, f.array(), f.offset(), n), "a frame's bytes are not bytes of the file");
                seen.append(frames).append(':').append(n).append('/').append(f.originalLength()).append('@')
                        .append(f.timestampNanos()).append(" lt").append(f.linkType()).append(' ');
            }
            // a pcap record takes at least 16 bytes and a pcapng block 12: no more frames than that
            assertTrue(frames <= input.length / 12, () -> "frames from nowhere: " + seen);
            assertTrue(r.packets() == frames, "packets() differs from the frames read");
            ReadProblem end = r.endReason();
            assertNotEquals(ReadProblem.READ_ERROR, end, () -> "a reader error: " + r.problemLine());
            assertNotEquals(ReadProblem.UNREADABLE, end, () -> "unreadable: " + r.problemLine());
            if (end != null) {
                String line = r.problemLine();
                assertNotNull(line);
                assertFalse(line.contains("\n"), line);
                assertTrue(line.startsWith(file.toString() + ": "), line);
            }
            assertFalse(r.next(), "next() after the end");
            seen.append("end=").append(end).append(" format=").append(r.format()).append(" lt=").append(r.linkType());
        }
        return seen.toString();
    }

    /** Whether {@code a[from, from + n)} occurs somewhere in {@code file}. */
    private static boolean contains(byte[] file, byte[] a, int from, int n) {
        if (n == 0) {
            return true;
        }
        outer:
        for (int i = 0; i + n <= file.length; i++) {
            for (int k = 0; k < n; k++) {
                if (file[i + k] != a[from + k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
