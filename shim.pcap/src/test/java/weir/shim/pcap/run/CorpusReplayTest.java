package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Value;
import weir.shim.pcap.Corpus;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.capture.CaptureReader;

/**
 * Every capture of the tcpdump corpus replayed through the real engine, with filters that block some
 * traffic at several layers and an inspection callout that associates a context with every flow: nothing
 * throws, every packet is one of permitted, dropped or unsupported, the packet count is the reader's, the
 * output files hold every packet they could take, every flow ends (its context released once), and files
 * that cannot be read are refused with one line naming them.
 */
class CorpusReplayTest {
    @TempDir
    Path dir;

    private int contexts;
    private int released;

    @Test
    void everyCorpusFileIsReplayedAndAccountedFor() throws Exception {
        List<Path> files = Corpus.captures();
        StringBuilder report = new StringBuilder();
        long packets = 0;
        long dropped = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        try (RealEngine engine = new RealEngine()) {
            policy(engine);
            for (Path f : files) {
                Path permittedFile = dir.resolve("p.pcap");
                Path droppedFile = dir.resolve("d.pcap");
                OfflineReplay.Result r;
                try {
                    r = new OfflineReplay(engine.classifier(), engine.flowContexts(), engine.session, null)
                            .flows(64, 7200, 60).replay(f, "10.0.0.0/8,192.168.0.0/16,2001:db8::/32",
                                    permittedFile, droppedFile);
                } catch (IllegalArgumentException e) {
                    refused++;
                    String line = e.getMessage();
                    if (!line.startsWith(f.toString() + ": ") || line.contains("\n")) {
                        failures.add(f + ": refusal is not one line naming the file: " + line);
                    }
                    try (CaptureReader reader = CaptureReader.open(f)) {
                        if (!reader.rejected()) {
                            failures.add(f + ": refused but readable");
                        }
                    }
                    continue;
                } catch (RuntimeException e) {
                    failures.add(f + ": " + e);
                    continue;
                }
                Map<String, Object> s = r.summary().values();
                long read = (Long) s.get("packets");
                long sum = (Long) s.get("permitted") + (Long) s.get("dropped") + (Long) s.get("unsupported");
                if (read != sum) {
                    failures.add(f + ": " + read + " read but " + sum + " accounted for");
                }
                long expected = readerCount(f);
                if (read != expected) {
                    failures.add(f + ": " + read + " replayed, the reader reads " + expected);
                }
                long written = count(permittedFile) + count(droppedFile);
                long refusedByOutput = r.run().counters().outputRefusedCount();
                long injected = r.run().counters().injectedCount();
                if (written + refusedByOutput != read + injected) {
                    failures.add(f + ": " + written + " written + " + refusedByOutput + " refused != " + read);
                }
                Map<?, ?> flows = (Map<?, ?>) s.get("flows");
                if (!flows.get("created").equals(flows.get("deleted")) || engine.flows.openFlows() != 0) {
                    failures.add(f + ": flows not all ended: " + flows);
                }
                packets += read;
                dropped += (Long) s.get("dropped");
            }
        }
        report.append(files.size()).append(" captures, ").append(refused).append(" refused, ").append(packets)
                .append(" packets, ").append(dropped).append(" dropped; callout contexts ").append(contexts)
                .append(", released ").append(released).append('\n');
        Corpus.report("corpus-replay.txt", report.toString());
        if (!failures.isEmpty()) {
            fail(failures.size() + " problems:\n" + String.join("\n", failures.subList(0,
                    Math.min(30, failures.size()))));
        }
        assertTrue(packets > 10_000, "the corpus has packets: " + packets);
        assertTrue(dropped > 0, "the policy dropped something");
        assertEquals(contexts, released, "every flow context released exactly once");
        assertFalse(contexts == 0, "the callout saw flows");
    }

    private void policy(RealEngine engine) {
        engine.add(Filter.of("no dns", Layer.INBOUND_TRANSPORT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(17)),
                        Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(53))));
        engine.add(Filter.of("no telnet", Layer.ALE_AUTH_RECV_ACCEPT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23))));
        engine.add(Filter.of("no http out", Layer.ALE_AUTH_CONNECT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(80))));
        engine.add(Filter.of("no forwarded icmp", Layer.IPFORWARD_V4, FilterAction.block()));
        engine.add(Filter.of("no v6 streams to 22", Layer.STREAM_V6, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        Callout counter = new Callout() {
            private int id;

            @Override
            public void registered(int calloutId) {
                id = calloutId;
            }

            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                if (flowContext == null && metadata.flowHandle() != 0) {
                    engine.flows.associate(metadata.flowHandle(), filter.layer(), id, new Object());
                    contexts++;
                }
                if (out.hasWriteRight()) {
                    out.setActionType(ActionType.CONTINUE);
                }
            }

            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                released++;
            }
        };
        for (Layer l : new Layer[] {Layer.ALE_FLOW_ESTABLISHED_V4, Layer.ALE_FLOW_ESTABLISHED_V6}) {
            // one callout object per layer, the same code behind both keys
            engine.add(Filter.of("count flows " + l, l, FilterAction.calloutInspection(engine.register(counter, l))));
        }
    }

    private static long readerCount(Path f) {
        long n = 0;
        try (CaptureReader r = CaptureReader.open(f)) {
            while (r.next()) {
                n++;
            }
        }
        return n;
    }

    private static long count(Path f) {
        if (!Files.exists(f)) {
            return 0;
        }
        return readerCount(f);
    }
}
