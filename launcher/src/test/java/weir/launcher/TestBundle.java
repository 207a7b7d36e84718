package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.osgi.framework.BundleActivator;

/**
 * A small real bundle, built by the test itself: a manifest and a {@code Bundle-Activator} compiled with
 * {@code javax.tools}. Its activator prints {@code <bsn> <version> started} and {@code ... stopped} on
 * Weir's standard output, so a test sees that the deployed code really ran.
 */
final class TestBundle {
    static final String BSN = "weir.test.hotdeploy";
    private static final String PACKAGE = "weir.test.hotdeploy";
    private static final String ACTIVATOR = """
            package weir.test.hotdeploy;

            import org.osgi.framework.BundleActivator;
            import org.osgi.framework.BundleContext;

            public final class Activator implements BundleActivator {
                @Override
                public void start(BundleContext context) {
                    System.out.println(context.getBundle().getSymbolicName() + " "
                            + context.getBundle().getVersion() + " started");
                }

                @Override
                public void stop(BundleContext context) {
                    System.out.println(context.getBundle().getSymbolicName() + " "
                            + context.getBundle().getVersion() + " stopped");
                }
            }
            """;

    private TestBundle() {
    }

    /** Writes the test bundle of the given version to {@code jar}; {@code scratch} holds the compilation. */
    static void write(Path jar, String version, Path scratch) throws IOException {
        write(jar, BSN, version, scratch);
    }

    /** Writes a bundle with the given name and version to {@code jar}. */
    static void write(Path jar, String bsn, String version, Path scratch) throws IOException {
        Path classes = compileActivator(Files.createTempDirectory(scratch, "bundle-"));
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Activator", PACKAGE + ".Activator");
        main.putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
            String entry = PACKAGE.replace('.', '/') + "/Activator.class";
            out.putNextEntry(new JarEntry(PACKAGE.replace('.', '/') + "/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
    }

    /**
     * Puts a bundle into a deploy folder the way the README says: written completely under a hidden
     * temporary name, which FileInstall ignores, then renamed in one step over {@code name}.
     */
    static void deploy(Path deploy, String name, String version, Path scratch) throws IOException {
        deploy(deploy, name, BSN, version, scratch);
    }

    static void deploy(Path deploy, String name, String bsn, String version, Path scratch) throws IOException {
        Path tmp = deploy.resolve("." + name + ".tmp");
        write(tmp, bsn, version, scratch);
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path compileActivator(Path dir) throws IOException {
        Path src = dir.resolve("src/" + PACKAGE.replace('.', '/') + "/Activator.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, ACTIVATOR);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK (javax.tools), not a JRE");
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null,
                List.of("--release", "17", "-classpath", osgiFramework(), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
        assertTrue(ok, "cannot compile the test bundle's activator:\n" + log);
        return classes;
    }

    /** Where the test's class path has the OSGi framework API (the Felix jar). */
    private static String osgiFramework() {
        try {
            return Path.of(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
