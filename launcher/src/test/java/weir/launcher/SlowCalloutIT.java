package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleActivator;

import weir.engine.api.Callout;

/**
 * End to end: a callout whose every classify sleeps far longer than the engine's time budget, deployed into a
 * running weir.jar, no longer stalls a replay. Without D13's budget the replay below would take
 * {@value #PACKETS} x {@value #SLEEP_MS} ms (more than 13 minutes); with it, the callout is quarantined after
 * the run of slow calls that etc/weir.engine.cfg sets, and the replay ends within seconds. wfp:callouts KEY
 * then shows it QUARANTINED with its slowest calls.
 */
class SlowCalloutIT {
    private static final int PACKETS = 2_000;
    private static final int SLEEP_MS = 400;
    private static final int IN_A_ROW = 2;
    /** Generous for a loaded machine; the stall itself is IN_A_ROW x SLEEP_MS. */
    private static final long REPLAY_LIMIT_MS = 60_000;
    private static final UUID KEY = UUID.fromString("5d0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
    private static final String PACKAGE = "weir.test.slow";
    private static final String SOURCE = """
            package weir.test.slow;

            import java.util.Hashtable;

            import org.osgi.framework.BundleActivator;
            import org.osgi.framework.BundleContext;
            import org.osgi.framework.ServiceRegistration;

            import weir.engine.api.ActionType;
            import weir.engine.api.Callout;
            import weir.engine.api.CalloutRegistry;
            import weir.engine.api.ClassifyOut;
            import weir.engine.api.Filter;
            import weir.engine.api.IncomingValues;
            import weir.engine.api.LayerData;
            import weir.engine.api.Metadata;

            /** A callout that takes SLEEP ms over every packet: what one careless third party can ship. */
            public final class Activator implements BundleActivator, Callout {
                private ServiceRegistration<Callout> service;

                @Override
                public void start(BundleContext context) {
                    Hashtable<String, Object> p = new Hashtable<>();
                    p.put(CalloutRegistry.CALLOUT_KEY, "KEY");
                    p.put(CalloutRegistry.CALLOUT_NAME, "sleeper");
                    service = context.registerService(Callout.class, this, p);
                }

                @Override
                public void stop(BundleContext context) {
                    service.unregister();
                }

                @Override
                public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                        Object flowContext, ClassifyOut out) {
                    try {
                        Thread.sleep(SLEEP);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.setActionType(ActionType.PERMIT);
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aReplayWithACalloutOverTheBudgetFinishesPromptly() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path etc = Files.createDirectory(dir.resolve("etc"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // the default budget (100 ms); the run of slow calls from the weir.engine configuration
        Files.writeString(etc.resolve("weir.engine.cfg"), "calloutSlowCallThreshold = " + IN_A_ROW + "\n");
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {
                  "version": 1,
                  "callouts": [ { "key": "KEY", "name": "sleeper", "layer": "INBOUND_TRANSPORT_V4" } ],
                  "filters": [ { "name": "inspect udp", "layer": "INBOUND_TRANSPORT_V4", "when": "protocol == udp",
                                 "action": { "type": "CALLOUT_INSPECTION", "callout": "sleeper" } } ]
                }
                """.replace("KEY", KEY.toString()));
        Path capture = dir.resolve("udp.pcap");
        writeUdpCapture(capture, PACKETS);
        Path jar = dir.resolve(".slow.jar.tmp");
        writeBundle(jar, Files.createDirectory(dir.resolve("scratch")));
        Files.move(jar, deploy.resolve("slow.jar"), StandardCopyOption.ATOMIC_MOVE);

        try (Weir weir = Weir.start(dir, "--policy", policy.toString())) {
            awaitQuery(weir, "wfp:engine calloutSlowCallThreshold", "calloutSlowCallThreshold " + IN_A_ROW,
                    "etc/weir.engine.cfg sets the run of slow calls");
            assertEquals("calloutBudgetMillis 100", weir.query("wfp:engine calloutBudgetMillis").strip());
            awaitQuery(weir, "wfp:callouts --no-format " + KEY, "state\tACTIVE", "the deployed callout is ACTIVE");

            long start = System.nanoTime();
            String opened = weir.query("shim:open replay " + capture);
            assertTrue(opened.contains("opened offline"), opened);
            String status = "";
            while (!status.contains("state        finished")) {
                if ((System.nanoTime() - start) / 1_000_000 > REPLAY_LIMIT_MS) {
                    fail("the replay did not finish within " + REPLAY_LIMIT_MS + " ms: one slow callout stalls it\n"
                            + status + "\n" + weir.query("wfp:callouts " + KEY));
                }
                Thread.sleep(100); // poll interval only: the limit above is measured
                status = weir.query("shim:status");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[e2e] %d packets through a %d ms callout replayed in %d ms%n", PACKETS, SLEEP_MS,
                    millis);
            assertTrue(status.contains("packets      " + PACKETS + " read: " + PACKETS + " permitted"), status);

            String detail = weir.query("wfp:callouts " + KEY);
            assertTrue(detail.matches("(?s).*state\\s+QUARANTINED\\s.*"), detail);
            assertTrue(detail.contains(IN_A_ROW + " classify calls in a row over the time budget of 100 ms"), detail);
            assertTrue(detail.matches("(?s).*calls\\s+" + IN_A_ROW + ", 0 failed.*"),
                    "called only until quarantined:\n" + detail);
            Matcher slowest = Pattern.compile("(?m)^\\s+(\\d+)\\.\\dms\\s+\\d+\\s+INBOUND_TRANSPORT_V4\\s+\\S+ \\S+"
                    + "\\s+yes$").matcher(detail);
            int rows = 0;
            while (slowest.find()) {
                assertTrue(Long.parseLong(slowest.group(1)) >= SLEEP_MS, detail);
                rows++;
            }
            assertEquals(IN_A_ROW, rows, "the slowest calls, each over the budget:\n" + detail);

            weir.send("shutdown");
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
    }

    /**
     * Asks until the answer contains {@code expected} (FileInstall, SCR and ConfigAdmin work on their own
     * threads); fails after {@link Weir#START}, generous for a loaded machine: a full run once needed more than
     * 20 s here for etc/ to reach the engine.
     */
    private static void awaitQuery(Weir weir, String command, String expected, String what) throws Exception {
        long deadline = System.nanoTime() + Weir.START.toNanos();
        String answer = "";
        while (System.nanoTime() < deadline) {
            answer = weir.query(command);
            if (answer.contains(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        fail(what + ": not within " + Weir.START.toMillis() + " ms; '" + command + "' answered:\n" + answer + "\nstderr:\n" + weir.err());
    }

    /** {@code count} UDP datagrams over IPv4 in Ethernet frames, each a new flow to port 5000 + i. */
    private static void writeUdpCapture(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + count * (16 + 14 + 20 + 8 + 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < count; i++) {
            int length = 14 + 20 + 8 + 4;
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_767_225_600 + i / 1000).putInt((i % 1000) * 1000)
                    .putInt(length).putInt(length);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
            int ip = b.position();
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 4)).putShort((short) i).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {(byte) 198, 51, 100, 7}).put(new byte[] {10, 0, 0, 2});
            b.putShort(ip + 10, checksum(b.array(), ip, 20));
            b.putShort((short) 40000).putShort((short) (5000 + i)).putShort((short) 12).putShort((short) 0);
            b.put(new byte[] {'p', 'i', 'n', 'g'});
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array(), 0, b.position());
        }
    }

    private static short checksum(byte[] a, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i += 2) {
            sum += ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    /** The callout bundle: its activator compiled with javac against weir.engine.api and the OSGi framework. */
    private static void writeBundle(Path jar, Path scratch) throws IOException {
        Path src = scratch.resolve("src/" + PACKAGE.replace('.', '/') + "/Activator.java");
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE.replace("\"KEY\"", "\"" + KEY + "\"").replace("SLEEP", "" + SLEEP_MS));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK (javax.tools), not a JRE");
        StringWriter log = new StringWriter();
        String classpath = location(BundleActivator.class) + java.io.File.pathSeparator + location(Callout.class);
        boolean ok = javac.getTask(log, null, null, List.of("--release", "17", "-classpath", classpath, "-d",
                classes.toString()), null, javac.getStandardFileManager(null, null, null)
                        .getJavaFileObjects(src.toFile())).call();
        assertTrue(ok, "cannot compile the slow callout:\n" + log);
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", PACKAGE);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", PACKAGE + ".Activator");
        main.putValue("Import-Package", "weir.engine.api;version=\"[1.2,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
