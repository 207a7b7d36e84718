package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weir.jar on the Temurin 2x JDK under /usr/lib/jvm (bnd's own exported launcher fails on JDK 24+). */
class Jdk25IT {
    private static final Pattern ENGINE_ACTIVE = Pattern.compile("(?m)\\|Active\\s*\\|.*weir\\.engine\\.core");

    @TempDir
    Path dir;

    @Test
    void commandRunsOnTemurin2x() throws Exception {
        String java = temurin();
        Weir.Result r = Weir.run(java, dir, "-c", "lb");
        assertEquals(0, r.exit(), java + ":\n" + r);
        assertTrue(ENGINE_ACTIVE.matcher(r.out()).find(), java + ":\n" + r);
        assertEquals(List.of(), r.errLines(), java + ":\n" + r);
    }

    @Test
    void pipedShellRunsOnTemurin2x() throws Exception {
        String java = temurin();
        try (Weir weir = Weir.start(java, dir)) {
            weir.send("wfp:version");
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), java + ":\n" + r);
            assertTrue(r.out().contains("weir.engine.core "), java + ":\n" + r);
        }
    }

    @Test
    void aDeployedSystemExitIsRefusedOnTemurin2x() throws Exception {
        String java = temurin();
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        TestBundle.bundle("weir.test.exit25", "1.0.0").activator("weir.test.exit25.Activator", """
                package weir.test.exit25;
                public final class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        java.util.function.IntConsumer exit = System::exit;
                        exit.accept(25);
                    }
                    public void stop(org.osgi.framework.BundleContext c) {
                    }
                }
                """).deploy(deploy, "exit.jar", Files.createDirectory(dir.resolve("scratch")));
        Weir.Result r = Weir.run(java, dir, "-c", "deploy:list --no-format");
        assertEquals(0, r.exit(), java + ":\n" + r);
        assertTrue(r.out().startsWith("exit.jar\tweir.test.exit25\t1.0.0\t"), java + ":\n" + r);
        String[] cells = r.out().strip().split("\t", -1);
        assertEquals("RESOLVED", cells[4], "not started:\n" + r);
        // FileInstall tries again to start a bundle that failed when other bundles change: each try is counted
        assertTrue(Integer.parseInt(cells[5]) >= 1, "refused and counted:\n" + r);
        assertTrue(r.err().contains("called System.exit(25) in weir.test.exit25.Activator (method reference): refused"),
                java + ":\n" + r);
    }

    /** The newest /usr/lib/jvm/temurin-2* JDK's java; the test is skipped when there is none. */
    private static String temurin() throws IOException {
        List<Path> found = new ArrayList<>();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(jvms, "temurin-2*")) {
                for (Path jdk : s) {
                    if (Files.isExecutable(jdk.resolve("bin/java"))) {
                        found.add(jdk.resolve("bin/java"));
                    }
                }
            }
        }
        Assumptions.assumeFalse(found.isEmpty(), "no Temurin 2x JDK under /usr/lib/jvm (temurin-2*)");
        return found.stream().max(Comparator.comparing(Path::toString)).orElseThrow().toString();
    }
}
