package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Proof": weir.jar is killed with SIGKILL at random moments while a piped shell streams persistent
 * transactions into it (each a few {@code wfp:filter-add --persistent} and sometimes a delete, then
 * {@code wfp:txn-commit; echo ack N}: the acknowledgement is printed only once the commit returned). After each
 * kill Weir starts again on the same data folder, and the persistent filters it holds are exactly those of the
 * first K transactions, for a K at least the last acknowledged one and at most the last one sent: every
 * acknowledged transaction, in order, and nothing half-applied. Then it streams on and is killed again.
 *
 * <p>Rounds: system property {@code weir.crash.rounds} (default 20). The journal's compaction is made frequent
 * ({@code -Dweir.store.compactRecords=5}); every other round the kill waits for a compaction to begin writing
 * (its temporary file appears), so that kills land inside compactions as well as between and during appends.
 * (JournalTest stops a compaction at each of its steps deterministically.)
 */
class CrashIT {
    private static final int ROUNDS = Integer.getInteger("weir.crash.rounds", 20);
    private static final Pattern ACK = Pattern.compile("(?m)^(?:g! )*ack (\\d+)\\s*$");
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /** One transaction as the test sent it: the filters it adds (key → name) and the keys it deletes. */
    private record Txn(int number, Map<UUID, String> adds, List<UUID> deletes) {
    }

    private final List<Txn> sent = new ArrayList<>();
    private final Random random = new Random();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // about a minute on an idle two-core machine; generous for a loaded one
    void everyAcknowledgedTransactionSurvivesSigkillAndNothingHalfApplied() throws Exception {
        long seed = Long.getLong("weir.crash.seed", System.nanoTime());
        random.setSeed(seed);
        int committed = 0; // transactions the store held at the last restart
        int tmpLeft = 0;
        long started = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            try (Weir weir = Weir.startProcess(dir, List.of(Weir.java(), "-Dweir.store.compactRecords=5", "-jar",
                    Weir.jar().toString()))) {
                // 1. what survived the last kill
                List<String> names = persistentFilters(weir);
                int k = prefixLength(names, committed, sent.size(), round, seed);
                // transactions sent but not kept were never acknowledged: they are forgotten, as Weir forgot them
                sent.subList(k, sent.size()).clear();
                committed = k;
                // 2. stream transactions and kill Weir at a random moment after the first acknowledgement
                int first = sent.size() + 1;
                Thread writer = stream(weir, first, names.size());
                weir.awaitOut(Pattern.compile("(?m)^(?:g! )*ack " + first + "\\s*$"), ROUND_LIMIT);
                if (round % 2 == 0) {
                    Thread.sleep(random.nextInt(400)); // any moment
                } else {
                    awaitCompaction(); // the moment a compaction has begun to write its snapshot or journal
                }
                weir.process().destroyForcibly(); // SIGKILL
                assertTrue(weir.process().waitFor(30, TimeUnit.SECONDS), "Weir ended after SIGKILL");
                writer.join(30_000);
                int acked = lastAck(weir.out());
                assertTrue(acked >= first, "round " + round + ": at least one acknowledgement");
                // the store must hold every acknowledged transaction: remember the least that must be there
                committed = Math.max(committed, acked);
                if (java.nio.file.Files.exists(dir.resolve("weir-data/engine/store.txt.tmp"))
                        || java.nio.file.Files.exists(dir.resolve("weir-data/engine/journal.txt.tmp"))) {
                    tmpLeft++; // killed in the middle of a compaction
                }
            }
        }
        // the last kill too: one more start checks it
        int kept;
        try (Weir weir = Weir.startProcess(dir, List.of(Weir.java(), "-jar", Weir.jar().toString()))) {
            kept = prefixLength(persistentFilters(weir), committed, sent.size(), ROUNDS + 1, seed);
            weir.closeStdin();
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
        System.out.println("crash test: " + ROUNDS + " SIGKILL rounds survived in "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s; " + kept
                + " transactions in the store; every restart held every acknowledged transaction, in order, none"
                + " half-applied; " + tmpLeft + " kills landed in the middle of a compaction (seed " + seed + ")");
    }

    /**
     * Waits (up to ten seconds) until a compaction's temporary file appears: with compaction after every five
     * records, one begins within a few commits.
     */
    private void awaitCompaction() throws InterruptedException {
        Path engine = dir.resolve("weir-data/engine");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (java.nio.file.Files.exists(engine.resolve("store.txt.tmp"))
                    || java.nio.file.Files.exists(engine.resolve("journal.txt.tmp"))) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** The names of the persistent filters Weir holds, in filterId order (the order they were added in). */
    private static List<String> persistentFilters(Weir weir) throws IOException {
        String out = weir.query("wfp:filters --no-format");
        List<String> names = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String[] f = line.split("\t");
            if (f.length > 2 && f[0].matches("\\d+")) {
                names.add(f[1]);
            }
        }
        return names;
    }

    /**
     * Finds the K for which the names are exactly the state after the first K transactions sent, with
     * {@code least <= K <= most}; fails the test when there is none.
     */
    private int prefixLength(List<String> names, int least, int most, int round, long seed) {
        for (int k = least; k <= most; k++) {
            if (names.equals(stateAfter(k))) {
                return k;
            }
        }
        fail("round " + round + " (seed " + seed + "): the store holds " + names + ", which is the state after no "
                + "number of transactions between " + least + " (the last acknowledged) and " + most
                + " (the last sent); after " + least + " it would be " + stateAfter(least));
        return -1;
    }

    /** The persistent filters' names after the first k transactions, in the order they were added. */
    private List<String> stateAfter(int k) {
        Map<UUID, String> state = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            Txn t = sent.get(i);
            state.putAll(t.adds());
            for (UUID d : t.deletes()) {
                state.remove(d);
            }
        }
        return new ArrayList<>(state.values());
    }

    /** Keys present after everything sent so far (to pick deletes from). */
    private List<UUID> liveKeys() {
        Map<UUID, String> state = new LinkedHashMap<>();
        for (Txn t : sent) {
            state.putAll(t.adds());
            for (UUID d : t.deletes()) {
                state.remove(d);
            }
        }
        return new ArrayList<>(state.keySet());
    }

    /**
     * Writes transactions into Weir's shell on a thread of its own until Weir dies: each adds two or three
     * filters and, once there are enough, deletes one of the older ones.
     */
    private Thread stream(Weir weir, int first, int present) {
        List<String> lines = new ArrayList<>();
        for (int n = first; n < first + 400; n++) {
            Map<UUID, String> adds = new LinkedHashMap<>();
            List<UUID> deletes = new ArrayList<>();
            List<UUID> live = liveKeys();
            if (live.size() > 12) {
                deletes.add(live.get(random.nextInt(live.size() - 2)));
            }
            int count = 2 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                adds.put(UUID.randomUUID(), "t" + n + "-" + i);
            }
            sent.add(new Txn(n, adds, deletes));
            lines.add("wfp:txn-begin");
            int port = 1;
            for (Map.Entry<UUID, String> a : adds.entrySet()) {
                lines.add("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --persistent --key " + a.getKey()
                        + " --name " + a.getValue() + " 'local.port == " + (1000 + n % 50000 + port++) + "'");
            }
            for (UUID d : deletes) {
                lines.add("wfp:filter-delete " + d);
            }
            // one line: an exception in the commit stops the line, so the acknowledgement means "committed"
            lines.add("wfp:txn-commit; echo ack " + n);
        }
        Thread t = new Thread(() -> {
            try {
                for (String line : lines) {
                    weir.send(line);
                }
            } catch (IOException e) {
                // Weir was killed: the rest is never read, and never acknowledged
            }
        }, "crash-test-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int lastAck(String out) {
        Matcher m = ACK.matcher(out);
        int last = 0;
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            assertTrue(n > last, "acknowledgements in order: " + n + " after " + last);
            last = n;
        }
        return last;
    }
}
