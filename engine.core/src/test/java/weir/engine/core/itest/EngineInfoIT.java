package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs inside a real Felix (bnd-testing, itest.bndrun): the engine's {@code wfp:version} command is a Gogo
 * command service of the engine bundle (one of the wfp: shell's commands, so it has --help and --no-format and
 * wfp:commands lists it) and answers with the running bundle's version.
 *
 * <p>The pattern for Weir's integration tests: JUnit 5 with OSGi-Test's {@code @InjectService} for services
 * of exported types; the command's class is private to weir.engine.core, so it is found by its properties.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class EngineInfoIT {
    private static final String ENGINE_INFO = "(&(osgi.command.scope=wfp)(osgi.command.function=version))";
    private static final long TIMEOUT_MS = 5000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    CommandProcessor gogo;

    private CommandProcessor gogo() {
        return gogo;
    }

    @Test
    void engineInfoIsAGogoCommandInScopeWfp() throws Exception {
        ServiceReference<?> ref = engineInfo();
        assertEquals("wfp", ref.getProperty("osgi.command.scope"));
        assertTrue(functions(ref).contains("version"), "osgi.command.function: " + functions(ref));
        assertEquals("weir.engine.core", ref.getBundle().getSymbolicName(), "registered by the engine bundle");
    }

    @Test
    void versionHasHelpNoFormatAndIsListed() throws Exception {
        engineInfo();
        try (Gogo gogo = new Gogo(gogo())) {
            assertTrue(gogo.print("wfp:version --help").startsWith("wfp:version - "));
            assertEquals("weir.engine.core " + engineBundle().getVersion(), gogo.print("wfp:version --no-format"));
            assertTrue(gogo.print("wfp:commands").contains("wfp:version "), "wfp:commands lists it");
        }
    }

    @Test
    void gogoRunsWfpVersion() throws Exception {
        engineInfo(); // registered by SCR, so Gogo has seen it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            assertEquals("weir.engine.core " + engineBundle().getVersion(), session.execute("wfp:version"));
            assertEquals("weir.engine.core " + engineBundle().getVersion(), session.execute("version"),
                    "the unqualified name finds the command too");
        }
    }

    @Test
    void runsInsideFelixAsABundle() {
        assertEquals("org.apache.felix.framework", context.getBundle(0).getSymbolicName());
        assertNotNull(FrameworkUtil.getBundle(EngineInfoIT.class), "the test class comes from a bundle");
        assertEquals(Bundle.ACTIVE, engineBundle().getState());
    }

    /** Waits for SCR to register the component's service (activation is asynchronous to the test start). */
    private ServiceReference<?> engineInfo() throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(ENGINE_INFO), null);
        tracker.open(true); // all services: the test bundle cannot (and need not) see the private class
        try {
            assertNotNull(tracker.waitForService(TIMEOUT_MS), "no " + ENGINE_INFO + " within " + TIMEOUT_MS + " ms");
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }

    private Bundle engineBundle() {
        return Arrays.stream(context.getBundles())
                .filter(b -> "weir.engine.core".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("weir.engine.core is not installed"));
    }

    private static List<String> functions(ServiceReference<?> ref) {
        Object f = ref.getProperty("osgi.command.function");
        return f instanceof String[] a ? Arrays.asList(a) : List.of(String.valueOf(f));
    }
}
