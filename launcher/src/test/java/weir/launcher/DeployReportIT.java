package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is dropped into deploy/ is reported: a jar that is not a bundle, a bundle whose activator throws and one
 * that cannot resolve each get one line naming the file and the reason, and {@code deploy:list} shows every
 * file with its bundle, state and last error.
 */
class DeployReportIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Weir weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void eachFailureIsOneLineAndDeployListShowsEveryFile() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        weir.query("lb");

        plainJar(deploy, "plain.jar");
        Files.writeString(deploy.resolve(".broken.tmp"), "these bytes are no zip file");
        Files.move(deploy.resolve(".broken.tmp"), deploy.resolve("broken.jar"), StandardCopyOption.ATOMIC_MOVE);
        TestBundle.bundle("weir.test.boom", "1.0.0").activator("weir.test.boom.Activator", """
                package weir.test.boom;
                public final class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        throw new IllegalStateException("boom");
                    }
                    public void stop(org.osgi.framework.BundleContext c) {
                    }
                }
                """).deploy(deploy, "boom.jar", scratch);
        TestBundle.bundle("weir.test.lonely", "1.0.0").imports("com.acme.missing;version=\"[1,2)\"")
                .resource("readme.txt", "needs a package nobody exports").deploy(deploy, "lonely.jar", scratch);
        TestBundle.bundle("weir.test.orphan", "1.0.0").header("Fragment-Host", "weir.test.nohost")
                .resource("readme.txt", "a fragment without its host").deploy(deploy, "orphan.jar", scratch);
        TestBundle.deploy(deploy, "good.jar", "weir.test.good", "1.0.0", scratch);
        Files.writeString(deploy.resolve(".copying.jar.part"), "a copy in progress");

        weir.awaitErr(Pattern.compile("weir: deploy/plain\\.jar is not an OSGi bundle: it is a plain jar: its manifest has"
                + " no Bundle-SymbolicName; nothing installed"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: deploy/broken\\.jar is not an OSGi bundle: it is not a jar \\(zip\\) file"),
                WITHIN);
        weir.awaitErr(Pattern.compile("weir: deploy/boom\\.jar: bundle weir\\.test\\.boom 1\\.0\\.0 did not start: its"
                + " activator threw IllegalStateException: boom"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: deploy/lonely\\.jar: bundle weir\\.test\\.lonely 1\\.0\\.0 did not start:"
                + " cannot resolve: needs package com\\.acme\\.missing .*which no bundle exports"), WITHIN);
        weir.awaitOut(Pattern.compile("weir\\.test\\.good 1\\.0\\.0 started"), WITHIN);
        Thread.sleep(1_000); // ten more FileInstall polls: each file is still said once only

        String rows = weir.query("deploy:list --no-format");
        assertRow(rows, ".copying.jar.part", "", "ignored: FileInstall skips this name (hidden, or not *.jar)", "");
        assertRow(rows, "boom.jar", "weir.test.boom", "RESOLVED", "its activator threw IllegalStateException: boom");
        assertRow(rows, "broken.jar", "", "not a bundle", "it is not a jar (zip) file");
        assertRow(rows, "good.jar", "weir.test.good", "ACTIVE", "");
        assertRow(rows, "lonely.jar", "weir.test.lonely", "INSTALLED", "cannot resolve: needs package com.acme.missing");
        assertRow(rows, "plain.jar", "", "not a bundle", "it is a plain jar: its manifest has no Bundle-SymbolicName");
        // FileInstall never starts a fragment: the view finds why it is not resolved, as bundle:diag does
        assertRow(rows, "orphan.jar", "weir.test.orphan", "INSTALLED", "cannot resolve: missing osgi.wiring.host (");
        assertTrue(ExitContainmentIT.row(rows, "orphan.jar").contains("osgi.wiring.host=weir.test.nohost"), rows);
        assertEquals(7, rows.lines().filter(l -> !l.isBlank()).count(), rows);

        String table = weir.query("deploy:list");
        assertTrue(Pattern.compile("(?m)^folder\\s+\\S+/deploy$").matcher(table).find(), table);
        assertTrue(Pattern.compile("(?m)^guard\\s+safe; FileInstall watching$").matcher(table).find(), table);
        assertTrue(Pattern.compile("(?m)^\\s+FILE\\s+BUNDLE\\s+VERSION\\s+ID\\s+STATE\\s+EXITS REFUSED\\s+LAST ERROR")
                .matcher(table).find(), table);
        assertTrue(weir.query("deploy:list --help").contains("usage: deploy:list [--no-format]"));
        // the shell prints a command's error where its own settings say (stdout or stderr): one line either way
        // (the piped shell names the command line it ran: "weir: deploy:list --bogus: unknown argument ...");
        // on stderr the line may arrive after the end marker on stdout: the two pipes are read by two threads
        String unknown = "deploy:list --bogus: unknown argument --bogus; usage: deploy:list [--no-format]";
        if (!weir.query("deploy:list --bogus").contains(unknown)) {
            weir.awaitErr(Pattern.compile(Pattern.quote(unknown)), WITHIN);
        }

        weir.send("shutdown");
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        for (String file : new String[] {"plain.jar", "broken.jar", "boom.jar", "lonely.jar"}) {
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("weir: deploy/" + file)).count(),
                    file + " is reported once:\n" + r);
        }
        ExitContainmentIT.assertNoStackTrace(r);
    }

    /** Asserts the file's tab-separated row: bundle, state, and the start of its last error. */
    private static void assertRow(String rows, String file, String bundle, String state, String error) {
        String row = ExitContainmentIT.row(rows, file);
        assertTrue(row != null, file + " is missing:\n" + rows);
        String[] cells = row.split("\t", -1);
        assertEquals(bundle, cells[1], row);
        assertEquals(state, cells[4], row);
        assertTrue(cells[6].startsWith(error), row);
    }

    /** A jar with a manifest that is not a bundle's, written under a temporary name and renamed. */
    private static void plainJar(Path deploy, String name) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "acme.Main");
        Path tmp = deploy.resolve("." + name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new JarEntry("acme/readme.txt"));
            jar.write("a plain library".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            jar.closeEntry();
        }
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
