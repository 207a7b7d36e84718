package com.example.weir.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutKey;
import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutView;
import weir.engine.api.Classifier;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.api.WfpException;

/**
 * The callout bundle this build made, inside a real Felix with Weir's engine (weir.engine.core, SCR): dropped
 * in, it is registered and blocks its port; removed, its filter falls back to the unregistered rule. The test
 * talks to the engine through weir.engine.api, which the framework's system bundle exports from the test's
 * class path, so test and bundles share one copy of the API.
 */
class PortBlockerIT {
    private static final UUID KEY = UUID.fromString(PortBlocker.KEY);
    private static final String BSN = "com.example.weir.example-callout";
    private static final long WAIT_MS = 10_000;
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;

    private static Path storage;
    private static Framework felix;
    private static BundleContext context;

    private EngineSession session;
    private Bundle callout;

    @BeforeAll
    static void startFelix() throws Exception {
        storage = Files.createTempDirectory("weir-template-it");
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExport());
        felix = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        felix.start();
        context = felix.getBundleContext();
        File[] runtime = new File(System.getProperty("runtime.dir")).listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull(runtime, "runtime.dir names the folder of Weir's bundles (set by the pom)");
        List<Bundle> installed = new java.util.ArrayList<>();
        for (File f : runtime) {
            installed.add(context.installBundle(f.toURI().toString()));
        }
        for (Bundle b : installed) {
            b.start();
        }
    }

    @AfterAll
    static void stopFelix() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(WAIT_MS);
        }
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The weir.engine.api export clause, from the API jar on the class path (the version engine.core imports). */
    private static String apiExport() throws IOException, URISyntaxException {
        Path api = Path.of(CalloutKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile jar = new JarFile(api.toFile())) {
            return jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }

    private static <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(WAIT_MS);
        assertNotNull(s, "no " + type.getSimpleName() + " within " + WAIT_MS + " ms: is weir.engine.core running?");
        return s;
    }

    @BeforeEach
    void dropIn() throws Exception {
        callout = context.installBundle(new File(System.getProperty("bundle.jar")).toURI().toString());
        callout.start();
        session = service(FilterEngine.class).open(SessionOptions.dynamic("template test"));
    }

    @AfterEach
    void remove() throws Exception {
        session.close();
        if (callout.getState() != Bundle.UNINSTALLED) {
            callout.uninstall();
        }
    }

    private Decision packet(int localPort) throws InterruptedException {
        Classifier classifier = service(Classifier.class);
        IncomingValues v = classifier.newIncomingValues(LAYER)
                .set(Field.IP_PROTOCOL, Value.uint8(6))
                .set(Field.IP_LOCAL_PORT, Value.uint16(localPort))
                .set(Field.IP_REMOTE_PORT, Value.uint16(50000));
        Verdict out = classifier.newVerdict();
        classifier.classify(LAYER, v, classifier.newMetadata(), null, out);
        return out.toDecision();
    }

    private CalloutView view() throws InterruptedException {
        return service(CalloutRuntime.class).callouts().stream().filter(c -> KEY.equals(c.calloutKey())).findFirst()
                .orElseThrow(() -> new AssertionError("the runtime view does not know " + KEY));
    }

    @Test
    void droppedInItBlocksItsPortAndRemovedItsFilterFollowsTheUnregisteredRule() throws Exception {
        assertEquals(CalloutState.REGISTERED_WITHOUT_OBJECT, view().state(), "registered as soon as it started");
        session.addCallout(CalloutObject.of(KEY, "example port blocker", LAYER));
        Filter f = session.addFilter(Filter.of("telnet", LAYER, FilterAction.calloutTerminating(KEY)));

        Decision telnet = packet(23);
        assertEquals(ActionType.BLOCK, telnet.action());
        assertTrue(telnet.hard(), "the callout cleared the write right");
        assertEquals(DecisionReason.CALLOUT, telnet.reason());
        assertEquals(f.filterId(), telnet.filterId());
        assertEquals(ActionType.PERMIT, packet(80).action());

        CalloutView v = view();
        assertEquals(CalloutState.ACTIVE, v.state());
        assertEquals(BSN, v.bundle());
        assertEquals(2, v.statistics().calls());
        assertEquals(List.of(f.filterId()), v.filterIds());

        callout.uninstall();
        assertEquals(CalloutState.OBJECT_WITHOUT_REGISTRATION, view().state());
        Decision after = packet(80);
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, after.reason());
        assertEquals(ActionType.BLOCK, after.action(), "a terminating filter without its callout blocks (rule 11)");
    }

    @Test
    void itRefusesAnInspectionFilter() {
        session.addCallout(CalloutObject.of(KEY, "example port blocker", LAYER));
        WfpException e = assertThrows(WfpException.class,
                () -> session.addFilter(Filter.of("inspect", LAYER, FilterAction.calloutInspection(KEY))));
        assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, e.error());
    }

    @Test
    void theBundleImportsOnlyTheEngineApiAndExportsNothing() throws IOException {
        try (JarFile jar = new JarFile(System.getProperty("bundle.jar"))) {
            Attributes m = jar.getManifest().getMainAttributes();
            assertEquals(BSN, m.getValue(Constants.BUNDLE_SYMBOLICNAME));
            String imports = m.getValue(Constants.IMPORT_PACKAGE);
            assertTrue(imports.matches("weir\\.engine\\.api;version=\"\\[[0-9.]+,2\\)\""), imports);
            assertNull(m.getValue(Constants.EXPORT_PACKAGE));
            assertNull(m.getValue(Constants.DYNAMICIMPORT_PACKAGE));
            assertNull(m.getValue(Constants.REQUIRE_BUNDLE));
            String component = new String(jar.getInputStream(jar.getEntry(
                    "OSGI-INF/com.example.weir.callout.PortBlocker.xml")).readAllBytes());
            assertTrue(component.contains("name=\"callout.key\" type=\"String\" value=\"" + PortBlocker.KEY + "\""),
                    component);
        }
    }
}
