package weir.engine.core.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Builds a real callout bundle in memory: the classes of weir.itest.callout (carried by the test bundle as
 * resources under {@value #CLASSES}) and a manifest whose Test-Callout-* headers choose what the callout does
 * (see weir.itest.callout.Activator). It imports only weir.engine.api and org.osgi.framework and exports
 * nothing, as a third party's callout would.
 */
final class CalloutBundle {
    static final String CLASSES = "callout-bundle/weir/itest/callout";

    private final String symbolicName;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String version = "1.0.0";

    private CalloutBundle(String symbolicName, UUID key) {
        this.symbolicName = symbolicName;
        headers.put("Test-Callout-Key", key.toString());
    }

    /** A whiteboard callout that answers PERMIT. */
    static CalloutBundle of(String symbolicName, UUID key) {
        return new CalloutBundle(symbolicName, key);
    }

    CalloutBundle version(String v) {
        version = v;
        return this;
    }

    /** PERMIT, BLOCK, CONTINUE, or THROW (classify throws). */
    CalloutBundle verdict(String v) {
        return header("Test-Callout-Verdict", v);
    }

    CalloutBundle ranking(int r) {
        return header("Test-Callout-Ranking", Integer.toString(r));
    }

    /** Associates a context with each flow it first sees (at the filter's layer). */
    CalloutBundle associating() {
        return header("Test-Callout-Associate", "true");
    }

    /** Registers through CalloutRegistry instead of the whiteboard. */
    CalloutBundle throughRegistry(boolean unregisterOnStop) {
        header("Test-Callout-Mode", "registry");
        return header("Test-Callout-Unregister-On-Stop", Boolean.toString(unregisterOnStop));
    }

    /** Refuses ADD_FILTER for filters whose name starts with {@code prefix}. */
    CalloutBundle refusing(String prefix) {
        return header("Test-Callout-Refuse", prefix);
    }

    /** Sleeps this long in every classify call before it answers (a slow callout, D13's time budget). */
    CalloutBundle sleeping(long millis) {
        return header("Test-Callout-Sleep-Millis", Long.toString(millis));
    }

    CalloutBundle flags(String commaSeparated) {
        return header("Test-Callout-Flags", commaSeparated);
    }

    /** Also opens a dynamic session and adds a PERMIT filter with this name, never closing the session. */
    CalloutBundle dynamicFilter(String name) {
        return header("Test-Dynamic-Filter", name);
    }

    private CalloutBundle header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Installs and starts it. */
    Bundle start(BundleContext context) throws BundleException {
        Bundle b = context.installBundle("weir-itest:" + symbolicName + "/" + UUID.randomUUID(), stream());
        b.start();
        return b;
    }

    /** Replaces a bundle's content with this one (Bundle.update: stop, new revision, start). */
    void update(Bundle b) throws BundleException {
        b.update(stream());
    }

    private InputStream stream() {
        return new ByteArrayInputStream(jar());
    }

    /** The jar as a stream, for Bundle.update. */
    InputStream jarStream() {
        return stream();
    }

    byte[] jar() {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", "weir.itest.callout.Activator");
        a.putValue("Import-Package", "weir.engine.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        headers.forEach(a::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            Bundle tests = FrameworkUtil.getBundle(CalloutBundle.class);
            Enumeration<URL> classes = tests.findEntries(CLASSES, "*.class", false);
            if (classes == null) {
                throw new IllegalStateException("the test bundle carries no " + CLASSES
                        + "/*.class; check -includeresource in engine.core/pom.xml");
            }
            while (classes.hasMoreElements()) {
                URL u = classes.nextElement();
                String name = u.getPath().substring(u.getPath().indexOf("weir/itest/callout/"));
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = u.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
