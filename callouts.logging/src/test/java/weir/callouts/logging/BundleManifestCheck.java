package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built bundle's shape (after packaging): it exports nothing, so dropping it into deploy/ or removing it
 * refreshes no other bundle; it imports the engine API and, besides, only two OSGi standard APIs that every
 * Weir run provides (the framework's, for the data folder, and the Log Service's, for flow summaries); and
 * @CalloutKey made one whiteboard callout per layer, each with its own key: the table of README.md.
 */
class BundleManifestCheck {
    private JarFile jar;
    private Attributes manifest;

    @BeforeEach
    void open() throws IOException {
        String path = System.getProperty("bundle.jar");
        assertNotNull(path, "bundle.jar names the built bundle (set by the pom)");
        jar = new JarFile(path);
        manifest = jar.getManifest().getMainAttributes();
    }

    @AfterEach
    void close() throws IOException {
        jar.close();
    }

    @Test
    void exportsNothingAndImportsTheEngineApiAndTwoOsgiStandardApisOnly() {
        assertEquals("weir.callouts.logging", manifest.getValue("Bundle-SymbolicName"));
        String imports = manifest.getValue("Import-Package");
        TreeSet<String> packages = new TreeSet<>();
        for (String clause : imports.split(",(?=[a-z])")) {
            packages.add(clause.split(";")[0]);
        }
        assertEquals(new TreeSet<>(java.util.List.of("org.osgi.framework", "org.osgi.service.log",
                "weir.engine.api", "weir.engine.api.shell")), packages, imports);
        assertTrue(imports.contains("weir.engine.api;version=\"[1.2,2)\""), "a consumer's range: " + imports);
        assertNull(manifest.getValue("Export-Package"));
        assertNull(manifest.getValue("DynamicImport-Package"));
        assertNull(manifest.getValue("Require-Bundle"));
    }

    @Test
    void oneWhiteboardCalloutPerLayerEachWithItsOwnKey() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        Pattern key = Pattern.compile("<property name=\"callout.key\" type=\"String\" value=\"([0-9a-f-]{36})\"/>");
        Pattern name = Pattern.compile("<property name=\"callout.name\" type=\"String\" value=\"flow log: ([A-Z_0-9]+)\"/>");
        for (String c : manifest.getValue("Service-Component").split(",")) {
            String xml = entry(c.trim());
            if (!xml.contains("<provide interface=\"weir.engine.api.Callout\"/>")) {
                continue;
            }
            Matcher k = key.matcher(xml);
            Matcher n = name.matcher(xml);
            assertTrue(k.find() && n.find(), xml);
            assertNull(keys.put(n.group(1), k.group(1)), "one callout per layer: " + n.group(1));
        }
        assertEquals(FlowLogKeys.TABLE, keys, "the keys README.md lists");
        assertEquals(6, new TreeSet<>(keys.values()).size(), "six different keys");
    }

    private String entry(String name) throws IOException {
        assertNotNull(jar.getEntry(name), name);
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
