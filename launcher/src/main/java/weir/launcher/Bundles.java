package weir.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import weir.launcher.Folders.StartException;

/**
 * The run bundles embedded in weir.jar under {@code bundles/}, with the start levels that the bnd resolver
 * wrote into {@code weir.bndrun} ({@code -runstartlevel: order=leastdependenciesfirst}).
 */
final class Bundles {
    private static final String DIR = "bundles/";
    private static final String BNDRUN = "weir.bndrun";
    private static final String LOCATION = "weir:";
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    /**
     * What only the shell uses: Gogo's command processor and its basic commands, and the MetaType service (which
     * only answers questions asked in a shell or a console). A batch run has no shell, so it does not start them
     * (~0.15 s of a start on 2 cores, and the shell commands of weir.engine.core then stay asleep: they need the
     * command processor). None of them holds or judges policy: the engine, its store, the start policy, the
     * packet source, the guard and FileInstall start as in every run, behind the same start gate.
     */
    private static final Set<String> SHELL_ONLY = Set.of("org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.command", "org.apache.felix.metatype");
    private static final Pattern RUNBUNDLE = Pattern.compile("([\\w.\\-]+);version='[^']*';startlevel=(\\d+)");
    private static volatile FrameworkEvent firstError;
    private static volatile int maxLevel = 1;

    private Bundles() {
    }

    /** weir.jar opened, with the bundles it carries; close it once they are installed. */
    static final class Embedded implements AutoCloseable {
        private final JarFile jar;
        private final List<JarEntry> entries;

        private Embedded(JarFile jar, List<JarEntry> entries) {
            this.jar = jar;
            this.entries = entries;
        }

        /** Location, size and CRC-32 of each bundle, from weir.jar's directory (nothing is read or inflated). */
        List<CachedBundles.Embedded> describe() {
            List<CachedBundles.Embedded> list = new ArrayList<>(entries.size());
            for (JarEntry e : entries) {
                list.add(new CachedBundles.Embedded(LOCATION + e.getName(), e.getSize(), e.getCrc()));
            }
            return list;
        }

        @Override
        public void close() {
            Main.closeQuietly(jar);
        }
    }

    /** Opens weir.jar and lists the bundles under {@code bundles/}. */
    static Embedded embedded() throws StartException {
        JarFile jar;
        try {
            jar = new JarFile(launcherJar().toFile());
        } catch (IOException e) {
            throw new StartException("cannot install Weir's bundles from weir.jar: " + e.getMessage(), e);
        }
        List<JarEntry> entries = new ArrayList<>();
        Enumeration<JarEntry> all = jar.entries();
        while (all.hasMoreElements()) {
            JarEntry entry = all.nextElement();
            String name = entry.getName();
            if (name.startsWith(DIR) && name.endsWith(".jar") && name.indexOf('/', DIR.length()) < 0
                    && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                entries.add(entry);
            }
        }
        if (entries.isEmpty()) {
            Main.closeQuietly(jar);
            throw new StartException("weir.jar holds no bundles under " + DIR + "; rebuild it with mvn package");
        }
        return new Embedded(jar, entries);
    }

    /**
     * Installs the embedded bundles (or takes them as the framework reloaded them from its cache, see
     * {@link CachedBundles}), gives each its start level and marks the ones to start.
     *
     * @param noShell install but do not start the Gogo shell and what only it uses (batch runs read no commands)
     */
    static void installAndStart(BundleContext ctx, Embedded embedded, boolean noShell) throws StartException {
        Map<String, Integer> levels = startLevels();
        int max = 1;
        for (int l : levels.values()) {
            max = Math.max(max, l);
        }
        ctx.addFrameworkListener(new FrameworkListener() {
            @Override
            public void frameworkEvent(FrameworkEvent e) {
                if (e.getType() == FrameworkEvent.ERROR && firstError == null) {
                    firstError = e;
                }
            }
        });
        List<Bundle> installed = new ArrayList<>();
        try {
            for (JarEntry entry : embedded.entries) {
                String location = LOCATION + entry.getName();
                Bundle cached = ctx.getBundle(location);
                if (cached != null) {
                    installed.add(cached);
                    continue;
                }
                try (InputStream in = embedded.jar.getInputStream(entry)) {
                    installed.add(ctx.installBundle(location, in));
                }
            }
        } catch (IOException | BundleException e) {
            throw new StartException("cannot install Weir's bundles from weir.jar: " + e.getMessage(), e);
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") != null) {
                continue;
            }
            Integer level = levels.get(b.getSymbolicName());
            // The shell starts last whatever the resolver's order: its first line must find every command.
            int l = isShell(b) ? max + 1 : level == null ? max : level;
            BundleStartLevel startLevel = b.adapt(BundleStartLevel.class);
            if (startLevel.getStartLevel() != l) {
                startLevel.setStartLevel(l);
            }
            // a batch run has no shell: started without a console, gosh would only print its profile's errors;
            // weir.guard starts FileInstall, after its gates and weaving hook are in place (fail closed: no
            // guard, nothing read from deploy/ or etc/). A cached bundle keeps the last run's mark: cleared here.
            boolean start = !(noShell && (isShell(b) || SHELL_ONLY.contains(b.getSymbolicName())))
                    && !FILEINSTALL.equals(b.getSymbolicName());
            try {
                if (start && !startLevel.isPersistentlyStarted()) {
                    b.start();
                } else if (!start && startLevel.isPersistentlyStarted()) {
                    b.stop();
                }
            } catch (BundleException e) {
                throw new StartException("cannot start bundle " + b.getSymbolicName() + ": " + e.getMessage(), e);
            }
        }
        maxLevel = max + 1;
        // One resolve of everything that starts, instead of one per bundle as the start levels reach them (each
        // went over the candidates again). A bundle that does not resolve is not started later and is reported
        // as before (firstNotActive); resolveBundles only says false here.
        List<Bundle> starting = new ArrayList<>();
        for (Bundle b : installed) {
            if (!(noShell && isShell(b))) {
                starting.add(b);
            }
        }
        ctx.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(starting);
    }

    /** Raises the framework to the highest start level and waits until every bundle there was started. */
    static void awaitStartLevel(Framework fw) throws StartException {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener l = new FrameworkListener() {
            @Override
            public void frameworkEvent(FrameworkEvent e) {
                if (e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                    done.countDown();
                }
            }
        };
        fw.adapt(FrameworkStartLevel.class).setStartLevel(maxLevel, l);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                if ((fw.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0) {
                    return; // a bundle ended Weir while it started (weir.exit): this start level never comes
                }
                if (System.nanoTime() > deadline) {
                    throw new StartException("the framework did not reach start level " + maxLevel + " within 60 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while starting");
        }
    }

    /** Gogo shells announce themselves with the capability {@code org.apache.felix.gogo=shell.implementation}. */
    private static boolean isShell(Bundle b) {
        String caps = b.getHeaders().get("Provide-Capability");
        return caps != null && caps.contains("shell.implementation");
    }

    /** The first of Weir's own (embedded) bundles that is not active, or null. */
    static Bundle firstNotActive(BundleContext ctx) {
        for (Bundle b : ctx.getBundles()) {
            if (b.getLocation().startsWith("weir:") && b.getHeaders().get("Fragment-Host") == null
                    && b.getState() != Bundle.ACTIVE && b.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
                return b;
            }
        }
        return null;
    }

    static String reason(Bundle b) {
        FrameworkEvent e = firstError;
        if (e != null && e.getThrowable() != null && (e.getBundle() == null || e.getBundle().equals(b))) {
            return ": " + Main.oneLine(e.getThrowable());
        }
        return "";
    }

    /** bsn → start level, from the resolved weir.bndrun embedded in the jar. */
    static Map<String, Integer> startLevels() throws StartException {
        Map<String, Integer> levels = new HashMap<>();
        InputStream in = Bundles.class.getClassLoader().getResourceAsStream(BNDRUN);
        if (in == null) {
            throw new StartException("weir.jar holds no " + BNDRUN + "; rebuild it with mvn package");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = RUNBUNDLE.matcher(line);
                if (m.find()) {
                    levels.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new StartException("cannot read " + BNDRUN + " from weir.jar: " + e.getMessage(), e);
        }
        return levels;
    }

    static Path launcherJar() throws StartException {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new StartException("cannot find weir.jar itself: " + e.getMessage(), e);
        }
    }
}
