package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import weir.callouts.logging.Wire.Pkt;
import weir.callouts.logging.eve.EveFlowLayout;
import weir.engine.api.Callout;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;
import weir.engine.testing.TestClassifyOut;
import weir.engine.testing.TestMetadata;
import weir.engine.testing.TestPacket;
import weir.engine.testing.TestValues;

/**
 * The Callout contract lets classify run on several threads at once, also for one flow (a bridge forwards both
 * ways on two threads): eight threads hammering one flow's record both ways lose no packet, byte or time.
 */
class ConcurrentCountTest {
    @TempDir
    Path data;

    @Test
    void concurrentClassifyOfOneFlowLosesNoCount() throws Exception {
        int threads = 8;
        int each = 50_000;
        try (Wire wire = new Wire(data, new Config())) {
            long f = wire.flows.openFlow();
            Pkt out = Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.ACK, "x");
            Pkt in = Pkt.tcp("192.0.2.10", 80, "10.0.0.2", 40000, TestPacket.PSH | TestPacket.ACK, "yy");
            wire.send(f, out, Wire.T0); // the first packet starts the record
            Object record = wire.flows.context(f, Layer.INBOUND_TRANSPORT_V4, wire.ids.get(Layer.INBOUND_TRANSPORT_V4));
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> running = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean outbound = t % 2 == 0;
                Pkt p = outbound ? out : in;
                Layer layer = outbound ? Layer.OUTBOUND_TRANSPORT_V4 : Layer.INBOUND_TRANSPORT_V4;
                Callout c = wire.callouts.get(layer);
                TestValues v = p.values(layer, outbound);
                TestPacket frame = p.packet();
                long base = Wire.T0.toEpochMilli() * 1_000_000L + 1_000 + (long) t * each * 1_000;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        TestMetadata m = TestMetadata.of().flow(f);
                        TestClassifyOut o = TestClassifyOut.writable();
                        for (int i = 0; i < each; i++) {
                            m.setTimestampNanos(base + i * 1_000L);
                            c.classify(v, m, frame, Wire.inspection(layer), record, o.reset());
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                th.start();
                running.add(th);
            }
            go.countDown();
            for (Thread th : running) {
                th.join(TimeUnit.MINUTES.toMillis(2));
            }
            assertEquals(List.of(), failures);
            wire.flows.closeFlow(f, FlowEndReason.FIN);
            JsonNode flow = EveFlowLayout.parse(wire.lines(1).get(0)).get("flow");
            long perDirection = (long) threads / 2 * each;
            assertEquals(perDirection + 1, flow.get("pkts_toserver").asLong());
            assertEquals(perDirection, flow.get("pkts_toclient").asLong());
            assertEquals((perDirection + 1) * out.length(), flow.get("bytes_toserver").asLong());
            assertEquals(perDirection * in.length(), flow.get("bytes_toclient").asLong());
            assertEquals("2026-01-01T00:00:00.000000+0000", flow.get("start").asText());
            long lastNanos = Wire.T0.toEpochMilli() * 1_000_000L + 1_000 + (long) (threads - 1) * each * 1_000
                    + (each - 1) * 1_000L;
            assertEquals(EveFlowLayout.EVE_TIME.format(Instant.ofEpochSecond(0, lastNanos).atOffset(ZoneOffset.UTC)),
                    flow.get("end").asText(), "the latest packet's time, whichever thread counted it");
        }
    }
}
