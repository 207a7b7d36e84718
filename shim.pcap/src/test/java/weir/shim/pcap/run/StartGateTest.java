package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The start gate in a real Felix: under weir.jar a source reads nothing until the launcher has judged the start
 * good, and nothing at all when it never does (a bundle failed to start and Weir is ending).
 */
class StartGateTest {
    @TempDir
    Path dir;
    private Framework framework;

    private Framework start(boolean launcherGate) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", dir.resolve("cache").toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        if (launcherGate) {
            props.put(StartGate.GATE, "launcher");
        }
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.start();
        return framework;
    }

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static ServiceRegistration<IntConsumer> exitService(Framework fw) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.exit", Boolean.TRUE);
        return fw.getBundleContext().registerService(IntConsumer.class, code -> { }, props);
    }

    private static void markStarted(ServiceRegistration<IntConsumer> reg) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.exit", Boolean.TRUE);
        props.put("weir.started", Boolean.TRUE);
        reg.setProperties(props);
    }

    @Test
    void waitsForTheLaunchersVerdictThenOpens() throws Exception {
        Framework fw = start(true);
        ServiceRegistration<IntConsumer> exit = exitService(fw);
        CompletableFuture<Boolean> gate = CompletableFuture.supplyAsync(
                () -> StartGate.await(fw.getBundleContext(), 30_000));
        // the framework is up and the deploy folder settled: only the launcher's verdict is missing
        assertNull(gate.completeOnTimeout(null, 500, TimeUnit.MILLISECONDS).get(),
                "the gate opened before the launcher judged the start");
        gate = CompletableFuture.supplyAsync(() -> StartGate.await(fw.getBundleContext(), 30_000));
        markStarted(exit);
        assertTrue(gate.get(20, TimeUnit.SECONDS));
    }

    @Test
    void staysClosedWhenWeirEndsInstead() throws Exception {
        Framework fw = start(true);
        exitService(fw);
        CompletableFuture<Boolean> gate = CompletableFuture.supplyAsync(
                () -> StartGate.await(fw.getBundleContext(), 30_000));
        Thread.sleep(200);
        // a bundle failed to start: the launcher stops the framework instead of marking the start good
        fw.stop();
        assertFalse(gate.get(20, TimeUnit.SECONDS));
    }

    @Test
    void staysClosedWhenTheVerdictNeverComes() throws Exception {
        Framework fw = start(true);
        exitService(fw);
        assertFalse(StartGate.await(fw.getBundleContext(), 300));
    }

    @Test
    void withoutTheLauncherTheFrameworkBeingUpIsEnough() throws Exception {
        Framework fw = start(false);
        assertEquals(Boolean.TRUE, CompletableFuture.supplyAsync(() -> StartGate.await(fw.getBundleContext(),
                30_000)).get(20, TimeUnit.SECONDS));
    }
}
