package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ManagedService;

/**
 * etc/ holds configurations for Weir's own PIDs and those of deployed callouts only: a configuration for the
 * framework's services (FileInstall, SCR, the log) is refused in one line, and cannot make FileInstall watch
 * another folder; a callout's waits for the callout; configurations outside etc/ and bundles outside deploy/
 * are refused.
 */
class EtcPidsIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Weir weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void frameworkConfigurationsAreRefusedAndFileInstallWatchesNoOtherFolder() throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"), EtcUntouchedIT.owner());
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"), EtcUntouchedIT.owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        TestBundle.deploy(elsewhere, "evil.jar", "weir.test.evil", "1.0.0", scratch);
        // a second FileInstall watcher, as FileInstall's own factory configuration would create it
        Files.writeString(etc.resolve("org.apache.felix.fileinstall-evil.cfg"), "felix.fileinstall.dir = " + elsewhere
                + "\nfelix.fileinstall.poll = 50\nfelix.fileinstall.noInitialDelay = true\n");
        Files.writeString(etc.resolve("org.apache.felix.scr.cfg"), "ds.loglevel = debug\n");
        Files.writeString(etc.resolve("org.apache.felix.log.cfg"), "org.apache.felix.log.maxSize = 0\n");
        weir = Weir.start(dir);

        weir.awaitErr(Pattern.compile("weir: etc/org\\.apache\\.felix\\.fileinstall-evil\\.cfg: refused: PID"
                + " org\\.apache\\.felix\\.fileinstall configures FileInstall .*part of the framework Weir runs on"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: etc/org\\.apache\\.felix\\.scr\\.cfg: refused: PID org\\.apache\\.felix\\.scr"
                + " configures SCR"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: etc/org\\.apache\\.felix\\.log\\.cfg: refused: PID org\\.apache\\.felix\\.log"
                + " configures the OSGi log"), WITHIN);
        // a bundle dropped afterwards: once it runs, FileInstall has been scanning for a while
        TestBundle.deploy(deploy, "sentinel.jar", "weir.test.sentinel", "1.0.0", scratch);
        weir.awaitOut(Pattern.compile("weir\\.test\\.sentinel 1\\.0\\.0 started"), WITHIN);
        Thread.sleep(1_000); // 20 polls of the watcher the refused configuration asked for
        assertFalse(weir.query("lb -s weir.test").contains("weir.test.evil"), "installed from " + elsewhere);
        assertFalse(weir.out().contains("weir.test.evil 1.0.0 started"), weir.out());
    }

    @Test
    void aCalloutsConfigurationWaitsForItsBundleOthersOutOfPlaceAreRefused() throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"), EtcUntouchedIT.owner());
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        Files.writeString(etc.resolve("acme.port.cfg"), "port = 2323\n");
        Files.writeString(etc.resolve("acme.meta.cfg"), "level = 7\n");
        Files.writeString(deploy.resolve("misplaced.cfg"), "x = 1\n");
        TestBundle.write(etc.resolve("stray.jar"), "weir.test.stray", "1.0.0", scratch);
        metatypeBundle().deploy(deploy, "meta.jar", scratch); // declares acme.meta in its metatype: applied at start
        weir = Weir.start(dir);

        weir.awaitOut(Pattern.compile("acme\\.meta updated level=7"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: etc/acme\\.port\\.cfg: not applied: no bundle in deploy/ declares PID"
                + " acme\\.port .*applied when one that does is deployed"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: deploy/misplaced\\.cfg: refused: configurations are read from \\S+/etc only"),
                WITHIN);
        weir.awaitErr(Pattern.compile("weir: etc/stray\\.jar: not installed: bundles are installed from \\S+/deploy only"),
                WITHIN);

        componentBundle().deploy(deploy, "acme.jar", scratch);
        weir.awaitErr(Pattern.compile("weir: etc/acme\\.port\\.cfg: applied now: its PID belongs to weir\\.test\\.acme"
                + " 1\\.0\\.0"), WITHIN);
        weir.awaitOut(Pattern.compile("acme\\.port activated port=2323"), WITHIN);
        assertFalse(weir.query("lb -s weir.test").contains("weir.test.stray"), "a bundle installed from etc/");
        String err = weir.err();
        assertTrue(err.lines().filter(l -> l.contains("acme.meta")).findAny().isEmpty(), "acme.meta was accepted:\n" + err);
    }

    /** A bundle whose SCR component needs the configuration acme.port and prints it. */
    private static TestBundle.Builder componentBundle() {
        return TestBundle.bundle("weir.test.acme", "1.0.0")
                .header("Service-Component", "OSGI-INF/acme.port.xml")
                .resource("OSGI-INF/acme.port.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="acme.port"
                            configuration-pid="acme.port" configuration-policy="require" immediate="true"
                            activate="activate">
                          <implementation class="weir.test.acme.Port"/>
                        </scr:component>
                        """)
                .source("weir.test.acme.Port", """
                        package weir.test.acme;
                        public final class Port {
                            public void activate(java.util.Map<String, Object> config) {
                                System.out.println("acme.port activated port=" + config.get("port"));
                            }
                        }
                        """);
    }

    /** A bundle that declares PID acme.meta in its metatype and prints what ConfigAdmin gives it. */
    private static TestBundle.Builder metatypeBundle() {
        return TestBundle.bundle("weir.test.meta", "1.0.0").compileWith(ManagedService.class)
                .imports("org.osgi.service.cm;version=\"[1.5,2)\"")
                .resource("OSGI-INF/metatype/acme.meta.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
                          <OCD id="acme.meta" name="acme meta">
                            <AD id="level" type="Integer" default="1"/>
                          </OCD>
                          <Designate pid="acme.meta"><Object ocdref="acme.meta"/></Designate>
                        </metatype:MetaData>
                        """)
                .activator("weir.test.meta.Activator", """
                        package weir.test.meta;
                        import java.util.Hashtable;
                        import org.osgi.framework.BundleActivator;
                        import org.osgi.framework.BundleContext;
                        import org.osgi.service.cm.ManagedService;
                        public final class Activator implements BundleActivator {
                            public void start(BundleContext c) {
                                Hashtable<String, Object> p = new Hashtable<>();
                                p.put("service.pid", "acme.meta");
                                c.registerService(ManagedService.class, props -> {
                                    if (props != null) {
                                        System.out.println("acme.meta updated level=" + props.get("level"));
                                    }
                                }, p);
                            }
                            public void stop(BundleContext c) {
                            }
                        }
                        """);
    }
}
