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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return compile(dir, Map.of(PACKAGE + ".Activator", ACTIVATOR), List.of());
    }

    /** Compiles {@code sources} (class name to source) against the OSGi framework and {@code classpath}. */
    private static Path compile(Path dir, Map<String, String> sources, List<Class<?>> classpath) throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        if (sources.isEmpty()) {
            return classes; // a bundle of resources only
        }
        List<java.io.File> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path src = dir.resolve("src/" + e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            files.add(src.toFile());
        }
        StringBuilder cp = new StringBuilder(jarOf(BundleActivator.class));
        for (Class<?> c : classpath) {
            cp.append(java.io.File.pathSeparator).append(jarOf(c));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK (javax.tools), not a JRE");
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null,
                List.of("--release", "17", "-classpath", cp.toString(), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(files.toArray(new java.io.File[0])))
                .call();
        assertTrue(ok, "cannot compile the test bundle's classes:\n" + log);
        return classes;
    }

    /** Where the test's class path has {@code c} (e.g. the Felix jar for the OSGi framework API). */
    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bundle of the test's own making: classes compiled from source, any headers, any resources. */
    static Builder bundle(String bsn, String version) {
        return new Builder(bsn, version);
    }

    static final class Builder {
        private final Manifest manifest = new Manifest();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, String> resources = new LinkedHashMap<>();
        private final List<Class<?>> classpath = new ArrayList<>();

        private Builder(String bsn, String version) {
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", bsn);
            main.putValue("Bundle-Version", version);
        }

        /** A class of the bundle, e.g. {@code source("acme.Activator", "package acme; ...")}. */
        Builder source(String className, String source) {
            sources.put(className, source);
            return this;
        }

        /** The bundle's activator class, given as source, and Import-Package org.osgi.framework. */
        Builder activator(String className, String source) {
            header("Bundle-Activator", className);
            imports("org.osgi.framework;version=\"[1.8,2)\"");
            return source(className, source);
        }

        Builder imports(String importPackage) {
            String before = manifest.getMainAttributes().getValue("Import-Package");
            return header("Import-Package", before == null ? importPackage : before + "," + importPackage);
        }

        Builder header(String name, String value) {
            manifest.getMainAttributes().putValue(name, value);
            return this;
        }

        /** A text resource, e.g. a component description under OSGI-INF/. */
        Builder resource(String path, String text) {
            resources.put(path, text);
            return this;
        }

        /** Compiles against the jar that holds {@code c} too (e.g. an OSGi service API). */
        Builder compileWith(Class<?> c) {
            classpath.add(c);
            return this;
        }

        void write(Path jar, Path scratch) throws IOException {
            Path classes = compile(Files.createTempDirectory(scratch, "bundle-"), sources, classpath);
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                List<Path> entries;
                try (var walk = Files.walk(classes)) {
                    entries = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path p : entries) {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(java.io.File.separatorChar, '/')));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    out.putNextEntry(new JarEntry(r.getKey()));
                    out.write(r.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        }

        /** Writes the bundle under a hidden name in {@code deploy}, then renames it to {@code name}. */
        void deploy(Path deploy, String name, Path scratch) throws IOException {
            Path tmp = deploy.resolve("." + name + ".tmp");
            write(tmp, scratch);
            Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
