package weir.benchmarks.replay;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Two builds of the replay path side by side in one JVM, pass after pass, for judging a change on a machine
 * shared with other work: each build's classes in a class loader of their own (the benchmarks.jar of each
 * build), the same generated file, a fresh engine per pass ({@link ReplayBenchmark}'s probe), the passes of
 * the two builds interleaved (in turn ABAB, BABA, ...) so that the load of the moment falls on both alike.
 * Prints the replay thread's CPU time per packet of every pass and, after the first passes (JIT), the median
 * of the paired ratios B/A: separate runs of the probe on a loaded 2-core machine differ by ±20%, the paired
 * ratio much less.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar weir.benchmarks.replay.ReplayPaired A.jar B.jar [mix|mix-empty|oneper|acl1] [PACKETS] [ROUNDS]
 * </pre>
 */
public final class ReplayPaired {
    private ReplayPaired() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReplayPaired A.jar B.jar [mix|mix-empty|oneper|acl1] [PACKETS] [ROUNDS]");
            System.exit(2);
        }
        String name = args.length > 2 ? args[2] : "mix";
        int packets = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 12;
        Path[] jars = {Path.of(args[0]), Path.of(args[1])};
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                System.err.println(jar + ": no such file; give two benchmarks.jar files");
                System.exit(2);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("weir-replay-paired");
        List<AutoCloseable> loaders = new ArrayList<>();
        try {
            Object[] replays = new Object[2];
            Method[] fresh = new Method[2];
            Method[] pass = new Method[2];
            for (int i = 0; i < 2; i++) {
                // the platform loader as parent: nothing of Weir's is shared between the two builds
                URLClassLoader loader = new URLClassLoader(new URL[] {jars[i].toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                loaders.add(loader);
                Class<?> c = Class.forName(ReplayBenchmark.class.getName() + "$Replay", true, loader);
                Constructor<?> k = c.getDeclaredConstructor(Path.class, String.class, int.class);
                k.setAccessible(true);
                replays[i] = k.newInstance(Files.createDirectories(dir.resolve("build" + i)), name, packets);
                fresh[i] = c.getDeclaredMethod("freshEngine");
                fresh[i].setAccessible(true);
                pass[i] = c.getDeclaredMethod("pass");
                pass[i].setAccessible(true);
            }
            double[][] ns = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < 2; j++) {
                    int i = r % 2 == 0 ? j : 1 - j;
                    fresh[i].invoke(replays[i]);
                    long cpu = threads.getCurrentThreadCpuTime();
                    Object permitted = pass[i].invoke(replays[i]);
                    ns[i][r] = (double) (threads.getCurrentThreadCpuTime() - cpu) / packets;
                    System.out.printf(Locale.ROOT, "%s round %d %s: %.0f ns CPU / packet (%s permitted)%n", name, r + 1,
                            i == 0 ? "A" : "B", ns[i][r], permitted);
                }
            }
            int skip = Math.min(3, rounds / 3); // the first passes are the JIT's
            double[] ratios = new double[rounds - skip];
            for (int r = skip; r < rounds; r++) {
                ratios[r - skip] = ns[1][r] / ns[0][r];
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "%s: B/A CPU per packet, median of %d paired passes %.3f (%.3f-%.3f); "
                    + "medians A %.0f ns, B %.0f ns%n", name, ratios.length, ratios[ratios.length / 2], ratios[0],
                    ratios[ratios.length - 1], median(ns[0], skip), median(ns[1], skip));
            for (Object replay : replays) {
                ((AutoCloseable) replay).close();
            }
        } finally {
            for (AutoCloseable l : loaders) {
                l.close();
            }
            delete(dir);
        }
    }

    private static double median(double[] values, int skip) {
        double[] s = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
