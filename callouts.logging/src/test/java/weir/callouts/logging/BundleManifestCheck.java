package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built bundle's shape (after packaging): it imports weir.engine.api only and exports nothing, so
 * dropping it into deploy/ or removing it refreshes no other bundle; @CalloutKey made its callout.key.
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
    void importsOnlyTheEngineApiAndExportsNothing() {
        assertEquals("weir.callouts.logging", manifest.getValue("Bundle-SymbolicName"));
        String imports = manifest.getValue("Import-Package");
        assertTrue(imports.matches("weir\\.engine\\.api;version=\"\\[[0-9.]+,2\\)\""), imports);
        assertNull(manifest.getValue("Export-Package"));
        assertNull(manifest.getValue("DynamicImport-Package"));
        assertNull(manifest.getValue("Require-Bundle"));
    }

    @Test
    void theCalloutKeyAnnotationBecameTheServiceProperty() throws IOException {
        String xml = entry("OSGI-INF/weir.callouts.logging.LoggingCallout.xml");
        assertTrue(xml.contains("<property name=\"callout.key\" type=\"String\" value=\"" + LoggingCallout.KEY
                + "\"/>"), xml);
        assertTrue(xml.contains("<provide interface=\"weir.engine.api.Callout\"/>"), xml);
    }

    private String entry(String name) throws IOException {
        assertNotNull(jar.getEntry(name), name);
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
