package weir.guard.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import weir.guard.install.PidPolicy.Verdict;

/** Which etc/ files become configurations: Weir's own PIDs and deployed bundles' PIDs, never the framework's. */
class PidPolicyTest {
    private final PidPolicy policy = new PidPolicy(Map.of("com.acme.callout", "com.acme 1.0.0",
            "org.apache.felix.fileinstall", "evil 1.0.0")::get);

    @ParameterizedTest
    @CsvSource({"weir.engine.cfg, weir.engine", "weir.nat.rule-web.cfg, weir.nat.rule", "weir.shim.config, weir.shim",
        "org.apache.felix.fileinstall-evil.cfg, org.apache.felix.fileinstall", "a-b-c.cfg, a", "plain, plain"})
    void thePidIsReadFromTheNameAsFileInstallReadsIt(String file, String pid) {
        assertEquals(pid, PidPolicy.pidOf(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir.engine", "weir.nat.rule", "weir.callouts.logging", "com.acme.callout"})
    void weirsAndDeployedBundlesPidsAreApplied(String pid) {
        assertEquals(Verdict.APPLY, policy.decide(pid).verdict());
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.felix.fileinstall", "org.apache.felix.scr", "org.apache.felix.log",
        "org.apache.felix.gogo.shell", "org.apache.felix.cm.file", "org.osgi.service.log", "osgi.x", "org.jline"})
    void theFrameworksPidsAreRefusedEvenWhenADeployedBundleClaimsThem(String pid) {
        PidPolicy.Decision d = policy.decide(pid);
        assertEquals(Verdict.REFUSE, d.verdict());
        assertTrue(d.reason().startsWith("PID " + pid + " configures "), d.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.other", "acme", "weirish.x"})
    void aPidNoDeployedBundleDeclaresWaits(String pid) {
        PidPolicy.Decision d = policy.decide(pid);
        assertEquals(Verdict.WAIT, d.verdict());
        assertTrue(d.reason().contains("no bundle in deploy/ declares PID " + pid), d.reason());
    }

    @ParameterizedTest
    @CsvSource({"org.apache.felix.fileinstall, FileInstall", "org.apache.felix.scr, SCR",
        "org.apache.felix.gogo.jline, the Gogo shell", "org.osgi.anything, the framework's own services"})
    void aRefusalNamesTheService(String pid, String service) {
        assertTrue(policy.decide(pid).reason().contains("configures " + service), policy.decide(pid).reason());
    }
}
