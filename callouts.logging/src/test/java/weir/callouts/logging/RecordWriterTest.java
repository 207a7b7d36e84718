package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;
import weir.engine.testing.TestValues;

/** The writer: a bounded queue that drops and counts when full, rotation by size and count, write errors. */
class RecordWriterTest {
    @TempDir
    Path dir;

    private static FlowRecord flow(int n) {
        FlowRecord r = FlowRecord.of(n, TestValues.at(Layer.OUTBOUND_TRANSPORT_V4).udp().local("10.0.0.2", 1000 + n)
                .remote("192.0.2.53", 53), true, 1_767_225_600_000_000_000L);
        r.count(true, 60, 0, -1, 1_767_225_600_000_000_000L);
        r.reason = FlowEndReason.IDLE;
        return r;
    }

    private Settings settings(Path file, long rotationBytes, int keep, int queue) {
        return new Settings(file, rotationBytes, keep, false, SummaryLevel.OFF, queue);
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(done.getAsBoolean(), "not within 30 s");
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverWaits() throws Exception {
        Path file = dir.resolve("flows.jsonl");
        List<FlowRecord> written = new ArrayList<>();
        RecordWriter w = new RecordWriter(settings(file, 0, 0, 3), written::add, line -> { });
        // not started yet: nothing drains the queue, as when the disk is slower than the flows end
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            accepted.add(w.offer(flow(i)));
        }
        assertEquals(List.of(true, true, true, false, false), accepted);
        assertEquals(2, w.flowsDropped());
        assertEquals(3, w.queued());
        w.start();
        await(() -> w.flowsWritten() == 3);
        w.close(10_000);
        assertEquals(3, Files.readAllLines(file).size());
        assertEquals(3, written.size());
        assertFalse(w.offer(flow(6)), "a stopped writer takes nothing");
        assertEquals(3, w.flowsDropped());
    }

    @Test
    void theFileRotatesBySizeAndKeepsTheNewestCount() throws Exception {
        Path file = dir.resolve("logs/flows.jsonl");
        int line = new EveJson().flow(flow(1)).length() + 1;
        RecordWriter w = new RecordWriter(settings(file, 3L * line, 2, 100), r -> { }, l -> { });
        w.start();
        for (int i = 1; i <= 10; i++) {
            w.offer(flow(i));
        }
        await(() -> w.flowsWritten() == 10);
        w.close(10_000);
        assertEquals(List.of("flows.jsonl", "flows.jsonl.1", "flows.jsonl.2"), names(file.getParent()));
        assertEquals(3, w.rotations(), "10 lines of 3 a file: rotated at lines 4, 7 and 10");
        assertEquals(1, Files.readAllLines(file).size());
        assertTrue(Files.readAllLines(file).get(0).contains("\"flow_id\":10,"), "the newest in the file itself");
        assertEquals(3, Files.readAllLines(file.resolveSibling("flows.jsonl.1")).size());
        assertTrue(Files.readAllLines(file.resolveSibling("flows.jsonl.2")).get(0).contains("\"flow_id\":4,"),
                "lines 1-3 were rotated out of the kept count");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keepingNoneStartsAFullFileAfresh() throws Exception {
        Path file = dir.resolve("flows.jsonl");
        int line = new EveJson().flow(flow(1)).length() + 1;
        RecordWriter w = new RecordWriter(settings(file, 2L * line, 0, 100), r -> { }, l -> { });
        w.start();
        for (int i = 1; i <= 5; i++) {
            w.offer(flow(i));
        }
        await(() -> w.flowsWritten() == 5);
        w.close(10_000);
        assertEquals(List.of("flows.jsonl"), names(dir));
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void aForeignFileIsLeftAloneAndTheFailureCountedAndSaidOnce() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "my notes\n");
        List<String> said = new ArrayList<>();
        RecordWriter w = new RecordWriter(settings(file, 0, 0, 100), r -> { }, said::add);
        w.start();
        w.offer(flow(1));
        w.offer(flow(2));
        await(() -> w.writeErrors() == 2);
        w.close(10_000);
        assertEquals("my notes\n", Files.readString(file));
        assertEquals(0, w.flowsWritten());
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("is not a flow log") && said.get(0).contains("set 'file'"), said.get(0));
        assertEquals(said.get(0), w.lastError());
    }

    @Test
    void anotherFileTakesEffectWithoutLosingARecord() throws Exception {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        RecordWriter w = new RecordWriter(settings(first, 0, 0, 100), r -> { }, l -> { });
        w.start();
        w.offer(flow(1));
        await(() -> w.flowsWritten() == 1);
        w.configure(settings(second, 0, 0, 100));
        w.offer(flow(2));
        await(() -> w.flowsWritten() == 2);
        w.close(10_000);
        assertEquals(1, Files.readAllLines(first).size());
        assertEquals(1, Files.readAllLines(second).size());
    }

    private static List<String> names(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
