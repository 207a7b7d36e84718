package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built bundle's shape (runs after packaging, in the integration-test phase): it imports weir.engine.api
 * only and exports nothing, so deploying or removing it refreshes no other bundle; its components and the
 * weir.nat.rule metatype are in it.
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
        assertEquals("weir.callouts.nat", manifest.getValue("Bundle-SymbolicName"));
        List<String> imports = clauses(manifest.getValue("Import-Package"));
        assertEquals(1, imports.size(), "imports: " + imports);
        assertTrue(imports.get(0).startsWith("weir.engine.api;"), imports.get(0));
        assertNull(manifest.getValue("Export-Package"));
        assertNull(manifest.getValue("DynamicImport-Package"));
        assertNull(manifest.getValue("Require-Bundle"));
    }

    @Test
    void theCalloutIsAWhiteboardServiceWithItsKeyAndAnOptionalDynamicInjector() throws IOException {
        List<String> components = clauses(manifest.getValue("Service-Component"));
        assertEquals(4, components.size(), components.toString());
        String xml = entry("OSGI-INF/weir.callouts.nat.NatCallout.xml");
        assertTrue(xml.contains("<property name=\"callout.key\" type=\"String\" value=\"" + NatCallout.KEY + "\"/>"));
        assertTrue(xml.contains("<provide interface=\"weir.engine.api.Callout\"/>"));
        assertTrue(xml.matches("(?s).*<reference name=\"Injector\" cardinality=\"0..1\" policy=\"dynamic\" "
                + "interface=\"weir.engine.api.PacketInjector\".*"), xml);
        assertTrue(entry("OSGI-INF/weir.callouts.nat.NatCommands.xml").contains(
                "<property name=\"osgi.command.scope\" type=\"String\" value=\"nat\"/>"));
    }

    @Test
    void theRuleConfigurationIsAFactoryPidWithMetatype() throws IOException {
        String component = entry("OSGI-INF/weir.callouts.nat.ConfiguredRule.xml");
        assertTrue(component.contains("configuration-policy=\"require\""), component);
        assertTrue(component.contains("configuration-pid=\"weir.nat.rule\""), component);
        String metatype = entry("OSGI-INF/metatype/weir.nat.rule.xml");
        assertTrue(metatype.contains("<Designate factoryPid=\"weir.nat.rule\">"), metatype);
        for (String ad : new String[] {"type", "inside", "outside", "protocol", "ports"}) {
            assertTrue(metatype.contains("<AD id=\"" + ad + "\""), ad);
        }
    }

    private String entry(String name) throws IOException {
        assertNotNull(jar.getEntry(name), name);
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A manifest header's clauses (commas inside quotes do not split). */
    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(sb.toString().trim());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString().trim());
        return out;
    }
}
