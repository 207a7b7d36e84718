package weir.launcher.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.EngineSession;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyImporter;
import weir.shim.pcap.capture.CaptureReader;
import weir.shim.pcap.capture.Frame;
import weir.shim.pcap.run.OfflineReplay;

/**
 * The demo as the README's first command runs it, without the framework: the shipped policy
 * ({@code src/demo/policy.json}) imported into a real engine, the generated demo capture replayed with
 * {@code --local 10.0.0.2,2001:db8::2}. Exactly the SSH attempt (both SYNs) and the SNMP probe are dropped;
 * the permitted file is the capture without them, frame for frame.
 */
class DemoPolicyTest {
    @TempDir
    Path dir;

    @Test
    void theDemoPolicyBlocksTheSshAttemptAndTheSnmpProbeAndNothingElse() throws Exception {
        Path capture = dir.resolve("demo.pcap");
        DemoCapture d = new DemoCapture();
        d.build();
        try (OutputStream o = Files.newOutputStream(capture)) {
            d.write(o);
        }
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        NetEventLog events = new NetEventLog();
        EngineStatistics statistics = new EngineStatistics();
        ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
        BaseFilteringEngine engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events,
                statistics, null, EngineLog.system());
        try (EngineSession session = engine.open(SessionOptions.named("demo"))) {
            PolicyImporter.apply(session, PolicyFile.read(Path.of("src/demo/policy.json")));
            Path permitted = dir.resolve("permitted.pcap");
            Path dropped = dir.resolve("dropped.pcap");
            OfflineReplay.Result r = new OfflineReplay(classifier, flows, session, null)
                    .replay(capture, "10.0.0.2,2001:db8::2", permitted, dropped);
            String text = r.summary().text();
            Map<String, Object> s = r.summary().values();
            assertEquals(26L, s.get("packets"), text);
            assertEquals(3L, s.get("dropped"), text);
            assertEquals(1L, s.get("dropped_by_flow_state"), "the retransmitted SYN meets its blocked flow\n" + text);
            assertEquals(22L, s.get("permitted"), text);
            assertEquals(1L, s.get("unsupported"), text);
            assertTrue(text.contains("no ssh from outside") && text.contains("no snmp from outside"), text);

            List<String> in = frames(capture);
            List<String> out = frames(dropped);
            assertEquals(3, out.size());
            for (String f : out) {
                // 198.51.100.7 (c6 33 64 07) to 10.0.0.2 port 22 (tcp) or 161 (udp)
                assertTrue(f.contains("c6336407" + "0a000002"), f);
            }
            List<String> rest = new ArrayList<>(in);
            rest.removeAll(out);
            assertEquals(rest, frames(permitted), "the permitted file is the capture without the drops");
        } finally {
            engine.close();
            events.close();
        }
    }

    private static List<String> frames(Path file) {
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next()) {
                Frame f = r.frame();
                StringBuilder hex = new StringBuilder().append(f.timestampNanos()).append(' ');
                for (int i = 0; i < f.capturedLength(); i++) {
                    hex.append(String.format("%02x", f.byteAt(i)));
                }
                out.add(hex.toString());
            }
        }
        return out;
    }
}
