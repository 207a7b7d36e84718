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
        assertEquals(2, imports.size(), "imports: " + imports);
        assertTrue(imports.get(0).startsWith("weir.engine.api;"), imports.get(0));
        assertTrue(imports.get(1).startsWith("weir.engine.api.shell;"), imports.get(1));
        assertNull(manifest.getValue("Export-Package"));
        assertNull(manifest.getValue("DynamicImport-Package"));
        assertNull(manifest.getValue("Require-Bundle"));
    }

    @Test
    void oneWhiteboardCalloutPerLayerWithItsKeyAndAnOptionalDynamicInjector() throws IOException {
        List<String> components = clauses(manifest.getValue("Service-Component"));
        assertEquals(6, components.size(), components.toString());
        String out = entry("OSGI-INF/weir.callouts.nat.NatOutboundCallout.xml");
        assertTrue(out.contains("<property name=\"callout.key\" type=\"String\" value=\"" + NatOutboundCallout.KEY
                + "\"/>"), out);
        assertTrue(out.contains("<provide interface=\"weir.engine.api.Callout\"/>"));
        String in = entry("OSGI-INF/weir.callouts.nat.NatInboundCallout.xml");
        assertTrue(in.contains("<property name=\"callout.key\" type=\"String\" value=\"" + NatInboundCallout.KEY
                + "\"/>"), in);
        String xml = entry("OSGI-INF/weir.callouts.nat.NatCore.xml");
        assertTrue(xml.matches("(?s).*<reference name=\"Injector\" cardinality=\"0..1\" policy=\"dynamic\" "
                + "interface=\"weir.engine.api.PacketInjector\".*"), xml);
        assertTrue(entry("OSGI-INF/weir.callouts.nat.NatCommands.xml").contains(
                "<property name=\"osgi.command.scope\" type=\"String\" value=\"nat\"/>"));
    }

    @Test
    void theRuleConfigurationIsAFactoryPidWithMetatypeAndTheSettingsASingletonPid() throws IOException {
        assertTrue(entry("OSGI-INF/metatype/weir.nat.xml").contains("<AD id=\"holdSeconds\""));
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
