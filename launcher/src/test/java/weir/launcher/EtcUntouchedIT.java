package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Weir never writes into the user's configuration: 20 runs of weir.jar over etc/ files (engine options, NAT
 * rule factory configurations, a {@code .config} file), each changing and deleting their configurations through
 * ConfigAdmin while it runs (a deployed bundle does it, as any callout may) and setting an engine option in the
 * shell, half of them ended by SIGTERM; the files stay byte for byte what the user wrote, with their times.
 * (FileInstall writes each ConfigAdmin change back into the file it came from, and deletes the file with its
 * configuration, unless told not to; an exit in the middle of such a write left files empty.)
 */
class EtcUntouchedIT {
    private static final int RUNS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // 20 starts of weir.jar on a loaded machine
    void etcFilesStayByteIdenticalOverTwentyRunsThatChangeTheirConfigurations() throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"), owner());
        Path deploy = Files.createDirectory(dir.resolve("deploy"), owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        write(etc.resolve("weir.engine.cfg"), "# engine options, written by hand\nstopAfterHardBlock = false\n"
                + "netEventCapacity = 512\n");
        write(etc.resolve("weir.nat.rule-web.cfg"), "type=forward\ninside=10.0.0.5:80\noutside=192.0.2.1:8080\n"
                + "protocol=tcp\n");
        write(etc.resolve("weir.nat.rule-ssh.cfg"), "type=forward\ninside=10.0.0.6:22\noutside=192.0.2.1:2222\n"
                + "protocol=tcp\n");
        write(etc.resolve("weir.shim.config"), "# a ConfigAdmin-format file\ncomment=\"written by hand\"\n");
        changer().deploy(deploy, "cmtest.jar", scratch);
        Map<Path, byte[]> bytes = new TreeMap<>();
        Map<Path, FileTime> times = new TreeMap<>();
        for (Path f : list(etc)) {
            bytes.put(f, Files.readAllBytes(f));
            times.put(f, Files.getLastModifiedTime(f));
        }

        for (int run = 1; run <= RUNS; run++) {
            if (run % 2 == 1) {
                Weir.Result r = Weir.run(dir, "-c", "wfp:engine stopAfterHardBlock true; cmtest:change");
                assertEquals(0, r.exit(), "run " + run + ":\n" + r);
                assertTrue(r.out().contains("cmtest: changed weir.engine, 2 NAT rules (1 deleted), weir.shim"),
                        "run " + run + " changed the configurations:\n" + r);
            } else {
                try (Weir weir = Weir.start(dir)) {
                    assertTrue(weir.query("cmtest:change").contains("cmtest: changed weir.engine"), weir.out());
                    String set = weir.query("wfp:engine stopAfterHardBlock true").strip();
                    assertTrue(set.startsWith("set stopAfterHardBlock true"), set);
                    weir.process().destroy(); // SIGTERM: the way a service manager stops Weir
                    Weir.Result r = weir.awaitExit(Weir.EXIT);
                    assertEquals(0, r.exit(), "run " + run + ":\n" + r);
                }
            }
            assertEquals(bytes.keySet().stream().toList(), list(etc), "run " + run + " added or removed a file");
            for (Path f : bytes.keySet()) {
                assertArrayEquals(bytes.get(f), Files.readAllBytes(f), "run " + run + " changed " + f.getFileName());
                assertEquals(times.get(f), Files.getLastModifiedTime(f), "run " + run + " touched " + f.getFileName());
            }
        }
    }

    /**
     * A bundle with the shell command {@code cmtest:change}: it changes the configurations that came from the
     * files (engine options, each NAT rule, the shim's), deletes one NAT rule, and says what it did.
     */
    private static TestBundle.Builder changer() {
        return TestBundle.bundle("weir.test.cmchange", "1.0.0").compileWith(ConfigurationAdmin.class)
                .imports("org.osgi.service.cm;version=\"[1.5,2)\"")
                .activator("weir.test.cm.Activator", """
                        package weir.test.cm;
                        import java.util.Hashtable;
                        import org.osgi.framework.BundleActivator;
                        import org.osgi.framework.BundleContext;
                        public final class Activator implements BundleActivator {
                            public void start(BundleContext c) {
                                Hashtable<String, Object> p = new Hashtable<>();
                                p.put("osgi.command.scope", "cmtest");
                                p.put("osgi.command.function", new String[] {"change"});
                                c.registerService(Object.class.getName(), new Changer(c), p);
                            }
                            public void stop(BundleContext c) {
                            }
                        }
                        """)
                .source("weir.test.cm.Changer", """
                        package weir.test.cm;
                        import java.util.Dictionary;
                        import org.osgi.framework.BundleContext;
                        import org.osgi.service.cm.Configuration;
                        import org.osgi.service.cm.ConfigurationAdmin;
                        public final class Changer {
                            private final BundleContext context;
                            Changer(BundleContext context) {
                                this.context = context;
                            }
                            public String change() throws Exception {
                                ConfigurationAdmin cm = context.getService(
                                        context.getServiceReference(ConfigurationAdmin.class));
                                StringBuilder done = new StringBuilder("cmtest: changed");
                                Configuration engine = cm.getConfiguration("weir.engine", "?");
                                Dictionary<String, Object> e = engine.getProperties();
                                if (e == null) {
                                    return "cmtest: no weir.engine configuration";
                                }
                                e.put("stopAfterHardBlock", Boolean.TRUE);
                                e.put("changedBy", "cmtest");
                                engine.update(e);
                                done.append(" weir.engine");
                                int rules = 0;
                                int deleted = 0;
                                Configuration[] nat = cm.listConfigurations("(service.factoryPid=weir.nat.rule)");
                                for (Configuration c : nat == null ? new Configuration[0] : nat) {
                                    Dictionary<String, Object> p = c.getProperties();
                                    rules++;
                                    if (String.valueOf(p.get("felix.fileinstall.filename")).contains("ssh")) {
                                        c.delete();
                                        deleted++;
                                    } else {
                                        p.put("protocol", "udp");
                                        c.update(p);
                                    }
                                }
                                done.append(", ").append(rules).append(" NAT rules (").append(deleted).append(" deleted)");
                                Configuration shim = cm.getConfiguration("weir.shim", "?");
                                Dictionary<String, Object> s = shim.getProperties();
                                if (s != null) {
                                    s.put("comment", "changed through ConfigAdmin");
                                    shim.update(s);
                                    done.append(", weir.shim");
                                }
                                return done.toString();
                            }
                        }
                        """);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L)); // a time no run could produce
    }

    static java.nio.file.attribute.FileAttribute<?> owner() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }
}
