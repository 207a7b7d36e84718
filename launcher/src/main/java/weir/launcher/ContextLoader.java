package weir.launcher;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * The context class loader of the threads that start the bundles, and so of the Gogo shell's thread: the
 * launcher's loader, plus JLine's bundle for JLine's own classes and {@code META-INF/services/org/jline/}
 * files. JLine finds its terminal providers (exec, JNI, FFM) through the context class loader only; with the
 * launcher's loader alone it finds none and falls back to a dumb terminal: no line editing, no history, no
 * tab completion, even at a real terminal.
 */
final class ContextLoader extends ClassLoader {
    private static final String BSN = "org.jline";

    private final Supplier<Framework> framework;

    ContextLoader(ClassLoader parent, Supplier<Framework> framework) {
        super(parent);
        this.framework = framework;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Bundle jline = jline();
        if (jline != null && name.startsWith("org.jline.")) {
            return jline.loadClass(name);
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        Bundle jline = jline();
        return jline != null && name.startsWith("META-INF/services/org/jline/") ? jline.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        URL u = findResource(name);
        return u == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(u));
    }

    private Bundle jline() {
        Framework fw = framework.get();
        if (fw == null || fw.getBundleContext() == null) {
            return null;
        }
        for (Bundle b : fw.getBundleContext().getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
