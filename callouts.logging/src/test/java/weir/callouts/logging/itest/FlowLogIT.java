package weir.callouts.logging.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;

import weir.callouts.logging.eve.EveFlowLayout;
import weir.callouts.logging.itest.Traffic.Flow;
import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRegistry;
import weir.engine.api.Condition;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.testing.TestPacket;

/**
 * The flow log inside Felix, as weir.jar runs it: the bundle placed with its own flow-log.json, crafted captures
 * replayed through the real shim (weir.shim.pcap) and engine, and the records read back from the file: exactly
 * one per flow, with the counts the capture itself gives, each in the EVE flow layout. Also: removing the bundle
 * mid-replay writes the live flows and leaves the engine classifying; the settings come from ConfigAdmin, with a
 * metatype form; summaries reach the OSGi log.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class FlowLogIT {
    private static final String PID = "weir.callouts.logging";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static boolean placed;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    CommandProcessor processor;
    @InjectService(timeout = 10_000)
    FilterEngine engine;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    CalloutRegistry registry;
    @InjectService(timeout = 10_000)
    LogReaderService logs;
    @InjectService(timeout = 10_000)
    MetaTypeService metatype;

    private Shell shell;
    private EngineSession session;
    private Path dir;
    private Path file;
    private long webOut;
    private long noTelnet;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("weir-flowlog-it");
        file = dir.resolve("flows.jsonl");
        loggingBundle().start();
        shell = new Shell(processor);
        shell.await("logging:status", s -> s.contains("file"), WAIT);
        if (!placed) {
            Path policy = dir.resolve("flow-log.json");
            try (InputStream in = context.getBundle().getEntry("flow-log.json").openStream()) {
                Files.copy(in, policy);
            }
            assertTrue(shell.print("wfp:policy-import " + policy).contains("6 filters"), "flow-log.json imported");
            placed = true;
        }
        session = engine.open(SessionOptions.dynamic("flow log itest"));
        webOut = session.addFilter(Filter.of("web out", Layer.ALE_AUTH_CONNECT_V4, FilterAction.permit())
                .withConditions(Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(80)))).filterId();
        noTelnet = session.addFilter(Filter.of("no telnet", Layer.ALE_AUTH_RECV_ACCEPT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23)))).filterId();
        configure(Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (shell != null) {
            shell.print("shim:close");
            shell.close();
        }
        if (session != null) {
            session.close();
        }
        loggingBundle().start();
        cm.getConfiguration(PID, "?").delete(); // back to the default file (in target/itest-data)
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Bundle loggingBundle() {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals("weir.callouts.logging")) {
                return b;
            }
        }
        throw new AssertionError("weir.callouts.logging is not installed");
    }

    /** This test's file, plus {@code more}, through ConfigAdmin; waits until the flow log uses them. */
    private void configure(Map<String, Object> more) throws Exception {
        Configuration c = cm.getConfiguration(PID, "?");
        Dictionary<String, Object> p = new Hashtable<>(more);
        p.put("file", file.toString());
        c.update(p);
        shell.await("logging:status", s -> s.contains(file.toString()) && more.values().stream()
                .allMatch(v -> s.contains(String.valueOf(v))), WAIT);
    }

    private void replay(Traffic t, String name) throws Exception {
        Path capture = t.capture().write(dir.resolve(name));
        String opened = shell.print("shim:open replay " + capture + " --local " + Traffic.LOCAL_OPTION);
        assertTrue(opened.isBlank() || !opened.contains("refused"), opened);
    }

    private String awaitFinished() throws Exception {
        return shell.await("shim:status", s -> s.contains("finished"), WAIT);
    }

    /** The file's lines once there are {@code n} (waits for the writer). */
    private List<String> lines(int n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> l = List.of();
        while (System.nanoTime() < deadline) {
            l = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (l.size() >= n) {
                Thread.sleep(200); // and no more than n arrive
                return Files.readAllLines(file);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the flow log has " + l.size() + " of " + n + " lines: " + l);
    }

    private static String eve(Instant t) {
        return EveFlowLayout.EVE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /** TCP, UDP and ICMP over IPv4 and IPv6, inbound and outbound, ended by FIN, RST, idleness and the close. */
    static Traffic knownFlows() {
        Traffic t = new Traffic(T0);
        int s = TestPacket.SYN;
        int sa = TestPacket.SYN | TestPacket.ACK;
        int a = TestPacket.ACK;
        int pa = TestPacket.PSH | TestPacket.ACK;
        int fa = TestPacket.FIN | TestPacket.ACK;
        int r = TestPacket.RST;
        Duration ms = Duration.ofMillis(10);
        // 1. DNS over UDP/IPv4, outbound; idle for 70 s afterwards (UDP's timeout is 60 s)
        TestPacket query = TestPacket.udp("10.0.0.2", 53000, "192.0.2.53", 53, "query example.org");
        t.add(query).after(ms).add(TestPacket.udp("192.0.2.53", 53, "10.0.0.2", 53000, "answer 93.184.216.34"))
                .ends(query, "idle");
        // 2. ping over IPv4, outbound; idle too
        TestPacket ping = TestPacket.echo("10.0.0.2", "192.0.2.1", true, 7, 1);
        t.after(ms).add(ping).after(ms).add(TestPacket.echo("192.0.2.1", "10.0.0.2", false, 7, 1)).ends(ping, "idle");
        // 3. telnet from outside, refused at ALE_AUTH_RECV_ACCEPT ("no telnet"), and its retransmitted SYN
        TestPacket telnet = TestPacket.tcp("198.51.100.7", 51000, "10.0.0.2", 23, s, "");
        t.after(ms).add(telnet).after(ms).add(telnet).ends(telnet, "shutdown");
        // 4. HTTP over TCP/IPv4, outbound, handshake to FIN both ways, and the last ACK (no flow's)
        t.after(ms).add(TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, s, ""))
                .after(ms).add(TestPacket.tcp("192.0.2.10", 80, "10.0.0.2", 40000, sa, ""))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, a, ""))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, pa, "GET / HTTP/1.1\r\n\r\n"))
                .after(ms).add(TestPacket.tcp("192.0.2.10", 80, "10.0.0.2", 40000, pa, "HTTP/1.1 200 OK\r\n\r\nhi"))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, fa, ""))
                .after(ms).add(TestPacket.tcp("192.0.2.10", 80, "10.0.0.2", 40000, fa, ""))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, a, ""));
        t.after(Duration.ofSeconds(70));
        // 5. TCP/IPv4 inbound, reset by the client
        t.add(TestPacket.tcp("203.0.113.5", 52000, "10.0.0.2", 8080, s, ""))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 8080, "203.0.113.5", 52000, sa, ""))
                .after(ms).add(TestPacket.tcp("203.0.113.5", 52000, "10.0.0.2", 8080, a, ""))
                .after(ms).add(TestPacket.tcp("203.0.113.5", 52000, "10.0.0.2", 8080, pa, "hello"))
                .after(ms).add(TestPacket.tcp("203.0.113.5", 52000, "10.0.0.2", 8080, r, ""));
        // 6. TCP/IPv6 inbound, FIN both ways
        t.after(ms).add(TestPacket.tcp("2001:db8::10", 41000, "2001:db8::2", 443, s, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::2", 443, "2001:db8::10", 41000, sa, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::10", 41000, "2001:db8::2", 443, a, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::10", 41000, "2001:db8::2", 443, pa, "client hello"))
                .after(ms).add(TestPacket.tcp("2001:db8::2", 443, "2001:db8::10", 41000, pa, "server hello"))
                .after(ms).add(TestPacket.tcp("2001:db8::10", 41000, "2001:db8::2", 443, fa, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::2", 443, "2001:db8::10", 41000, fa, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::10", 41000, "2001:db8::2", 443, a, ""));
        // 7. TCP/IPv6 outbound, reset by this host
        t.after(ms).add(TestPacket.tcp("2001:db8::2", 42000, "2001:db8::80", 80, s, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::80", 80, "2001:db8::2", 42000, sa, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::2", 42000, "2001:db8::80", 80, a, ""))
                .after(ms).add(TestPacket.tcp("2001:db8::2", 42000, "2001:db8::80", 80, r, ""));
        // 8. DNS over UDP/IPv6, outbound; 9. ping over IPv6, inbound; 10. syslog over UDP/IPv4, inbound
        TestPacket query6 = TestPacket.udp("2001:db8::2", 53001, "2001:db8::53", 53, "query6");
        t.after(ms).add(query6).after(ms).add(TestPacket.udp("2001:db8::53", 53, "2001:db8::2", 53001, "answer6"))
                .ends(query6, "shutdown");
        TestPacket ping6 = TestPacket.echo("2001:db8::1", "2001:db8::2", true, 9, 1);
        t.after(ms).add(ping6).after(ms).add(TestPacket.echo("2001:db8::2", "2001:db8::1", false, 9, 1))
                .ends(ping6, "shutdown");
        TestPacket syslog = TestPacket.udp("192.0.2.77", 5140, "10.0.0.2", 514, "<13>hello");
        t.after(ms).add(syslog).ends(syslog, "shutdown");
        return t;
    }

    @Test
    void everyFlowOfACraftedCaptureIsOneRecordWithTheCountsOfItsOwnPackets() throws Exception {
        Traffic traffic = knownFlows();
        List<Flow> expected = traffic.flows();
        assertEquals(10, expected.size());
        replay(traffic, "known.pcap");
        String status = awaitFinished();
        assertTrue(status.contains(traffic.packets() + " read"), status);
        shell.print("shim:close"); // the flows still open end: shutdown
        List<String> lines = lines(expected.size());
        assertEquals(expected.size(), lines.size(), "exactly one record per flow:\n" + String.join("\n", lines));

        Set<Long> ids = new HashSet<>();
        for (String line : lines) {
            assertEquals(List.of(), EveFlowLayout.problems(line), line);
            ids.add(EveFlowLayout.parse(line).get("flow_id").asLong());
        }
        assertEquals(lines.size(), ids.size(), "one flow_id per record");
        for (Flow f : expected) {
            JsonNode e = only(lines, f);
            String what = f.proto() + " " + f.src() + " -> " + f.dest() + ": " + e;
            JsonNode flow = e.get("flow");
            assertEquals(f.pktsToServer(), flow.get("pkts_toserver").asLong(), what);
            assertEquals(f.pktsToClient(), flow.get("pkts_toclient").asLong(), what);
            assertEquals(f.bytesToServer(), flow.get("bytes_toserver").asLong(), what);
            assertEquals(f.bytesToClient(), flow.get("bytes_toclient").asLong(), what);
            assertEquals(eve(f.start()), flow.get("start").asText(), what);
            assertEquals(eve(f.end()), flow.get("end").asText(), what);
            assertEquals(f.direction(), e.get("weir").get("direction").asText(), what);
            assertEquals(f.endReason(), e.get("weir").get("end").asText(), what);
        }
        JsonNode web = only(lines, expected.get(3));
        assertEquals("PERMIT", web.get("weir").get("verdict").asText());
        assertEquals(webOut, web.get("weir").get("filter_id").asLong(), "the ALE decision: 'web out'");
        assertEquals("closed", web.get("flow").get("state").asText());
        assertEquals("1b", web.get("tcp").get("tcp_flags_ts").asText());
        JsonNode telnet = only(lines, expected.get(2));
        assertEquals("BLOCK", telnet.get("weir").get("verdict").asText());
        assertEquals(noTelnet, telnet.get("weir").get("filter_id").asLong(), "the ALE decision: 'no telnet'");
        assertEquals("new", telnet.get("flow").get("state").asText(), "never established");
        JsonNode reset = only(lines, expected.get(4));
        assertEquals("NO_MATCH", reset.get("weir").get("decision").asText());
        assertEquals(0, reset.get("weir").get("filter_id").asLong());
        JsonNode ping6 = only(lines, expected.get(8));
        assertEquals(128, ping6.get("icmp_type").asInt());
        assertEquals(129, ping6.get("response_icmp_type").asInt());
    }

    /** The one record of a flow: its tuple (for ICMP: addresses and type). */
    private static JsonNode only(List<String> lines, Flow f) {
        List<JsonNode> found = new ArrayList<>();
        for (String l : lines) {
            JsonNode e = EveFlowLayout.parse(l);
            boolean same = e.get("proto").asText().equals(f.proto()) && e.get("src_ip").asText().equals(f.src())
                    && e.get("dest_ip").asText().equals(f.dest())
                    && (f.srcPort() < 0 ? e.get("icmp_type").asInt() == f.icmpType()
                            : e.get("src_port").asInt() == f.srcPort() && e.get("dest_port").asInt() == f.destPort());
            if (same) {
                found.add(e);
            }
        }
        assertEquals(1, found.size(), "records of " + f + ": " + found);
        return found.get(0);
    }

    /** Holds the replay at a marker packet until the test lets it go: a point in the middle of a replay. */
    static final class Gate implements weir.engine.api.Callout {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void classify(weir.engine.api.IncomingValues values, weir.engine.api.Metadata metadata,
                weir.engine.api.LayerData layerData, Filter filter, Object flowContext,
                weir.engine.api.ClassifyOut out) {
            reached.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void removingTheBundleMidReplayWritesTheLiveFlowsAndTheEngineGoesOnClassifying() throws Exception {
        Traffic before = new Traffic(T0);
        Duration ms = Duration.ofMillis(10);
        TestPacket syn = TestPacket.tcp("10.0.0.2", 40001, "192.0.2.10", 80, TestPacket.SYN, "");
        TestPacket query = TestPacket.udp("10.0.0.2", 53002, "192.0.2.53", 53, "query");
        before.add(syn)
                .after(ms).add(TestPacket.tcp("192.0.2.10", 80, "10.0.0.2", 40001, TestPacket.SYN | TestPacket.ACK, ""))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40001, "192.0.2.10", 80, TestPacket.ACK, ""))
                .after(ms).add(query).ends(syn, "callout_removed").ends(query, "callout_removed");
        List<Flow> live = before.flows();
        TestPacket marker = TestPacket.udp("192.0.2.99", 7, "10.0.0.2", 9, "marker");
        Traffic all = new Traffic(T0);
        for (var e : before.capture().entries()) {
            all.add(e.packet()).after(ms);
        }
        all.add(marker).after(ms)
                .add(TestPacket.tcp("10.0.0.2", 40001, "192.0.2.10", 80, TestPacket.PSH | TestPacket.ACK, "GET /"))
                .after(ms).add(TestPacket.udp("192.0.2.53", 53, "10.0.0.2", 53002, "answer"))
                .after(ms).add(TestPacket.udp("10.0.0.2", 53003, "192.0.2.53", 53, "after the removal"))
                .after(ms).add(TestPacket.tcp("10.0.0.2", 40001, "192.0.2.10", 80, TestPacket.RST, ""));

        Gate gate = new Gate();
        UUID key = UUID.randomUUID();
        session.addCallout(CalloutObject.of(key, "itest gate", Layer.INBOUND_IPPACKET_V4));
        session.addFilter(Filter.of("hold at the marker", Layer.INBOUND_IPPACKET_V4, FilterAction.calloutInspection(key))
                .withConditions(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.99"))));
        registry.register(key, gate);
        try {
            replay(all, "removal.pcap");
            assertTrue(gate.reached.await(1, TimeUnit.MINUTES), "the replay reached the marker");
            loggingBundle().stop(); // mid-replay: the packet thread waits at the marker
            List<String> lines = lines(live.size());
            assertEquals(live.size(), lines.size(), String.join("\n", lines));
            for (Flow f : live) {
                JsonNode e = only(lines, f);
                assertEquals("callout_removed", e.get("weir").get("end").asText());
                assertEquals("shutdown", e.get("flow").get("reason").asText());
                assertEquals(f.pktsToServer(), e.get("flow").get("pkts_toserver").asLong(), e.toString());
                assertEquals(f.pktsToClient(), e.get("flow").get("pkts_toclient").asLong(), e.toString());
                assertEquals(f.bytesToServer(), e.get("flow").get("bytes_toserver").asLong(), e.toString());
            }
        } finally {
            gate.release.countDown();
        }
        String status = awaitFinished();
        assertTrue(status.contains(all.packets() + " read: " + all.packets() + " permitted"),
                "every packet after the removal was classified too:\n" + status);
        shell.print("shim:close");
        Thread.sleep(300);
        assertEquals(live.size(), Files.readAllLines(file).size(), "nothing more was written, the file is closed");
        registry.unregisterByKey(key);
    }

    @Test
    void settingsComeFromConfigAdminWithAMetatypeFormAndSummariesReachTheOsgiLog() throws Exception {
        ObjectClassDefinition ocd = metatype.getMetaTypeInformation(loggingBundle()).getObjectClassDefinition(PID, null);
        List<String> names = new ArrayList<>();
        for (AttributeDefinition a : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            names.add(a.getID());
        }
        assertEquals(List.of("file", "rotationSizeMb", "rotationCount", "packetRecords", "summaryLogLevel",
                "queueSize"), names);

        configure(Map.of("packetRecords", true, "summaryLogLevel", "WARN"));
        Traffic t = new Traffic(T0);
        TestPacket query = TestPacket.udp("10.0.0.2", 53004, "192.0.2.53", 53, "query");
        t.add(query).after(Duration.ofMillis(5)).add(TestPacket.udp("192.0.2.53", 53, "10.0.0.2", 53004, "answer"))
                .ends(query, "shutdown");
        replay(t, "packets.pcap");
        awaitFinished();
        String flows = shell.print("logging:flows");
        assertTrue(flows.contains("192.0.2.53") && flows.contains("PKTS TO SERVER"), flows);
        shell.print("shim:close");
        List<String> lines = lines(3);
        assertEquals(List.of("packet", "packet", "flow"), lines.stream()
                .map(l -> EveFlowLayout.parse(l).get("event_type").asText()).toList());
        assertEquals("no flows", shell.print("logging:flows"));
        boolean logged = false;
        for (Enumeration<LogEntry> e = logs.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();
            if (entry.getBundle().getSymbolicName().equals("weir.callouts.logging") && entry.getLogLevel() == LogLevel.WARN
                    && entry.getMessage().startsWith("flow ") && entry.getMessage().contains("10.0.0.2:53004")) {
                logged = true;
            }
        }
        assertTrue(logged, "the flow's summary at WARN in the OSGi log");
        String status = shell.print("logging:status");
        assertTrue(status.contains(file.toString()) && status.contains("WARN"), status);
    }
}
