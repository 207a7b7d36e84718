package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.Classifier;
import weir.engine.api.Field;
import weir.engine.api.FilterEngine;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.Value;
import weir.engine.api.Verdict;

/**
 * wfp:trace inside Felix: while it runs, packets classified through the engine's Classifier service that match
 * its expression are printed with their walk (decision, sublayer, filter), others are not; it ends at its count
 * and says so on standard error; a bad expression is one line; --help and --no-format work.
 */
@ExtendWith(ServiceExtension.class)
class TraceCommandIT {
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    @InjectService(timeout = 5000)
    Classifier classifier;
    private Gogo gogo;

    @AfterEach
    void close() {
        if (gogo != null) {
            gogo.close();
        }
        CleanEngine.clean(engine);
    }

    private Verdict packet(int localPort, String remote) {
        IncomingValues v = classifier.newIncomingValues(Layer.INBOUND_TRANSPORT_V4)
                .set(Field.IP_PROTOCOL, Value.uint8(6))
                .set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"))
                .set(Field.IP_REMOTE_ADDRESS, Value.address(remote))
                .set(Field.IP_LOCAL_PORT, Value.uint16(localPort))
                .set(Field.IP_REMOTE_PORT, Value.uint16(40000));
        Metadata m = classifier.newMetadata().setTimestampNanos(1_767_225_600_000_000_000L);
        Verdict out = classifier.newVerdict();
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, v, m, null, out);
        return out;
    }

    /** Runs the trace in its own thread and feeds packets until it ends; returns its standard output. */
    private String traceWhileClassifying(String command, int localPort, String remote) throws Exception {
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return gogo.run(command);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running.isDone() && System.nanoTime() < deadline) {
            packet(80, "203.0.113.5"); // never matches: not traced
            packet(localPort, remote);
            Thread.sleep(20);
        }
        assertNull(running.get(5, TimeUnit.SECONDS), "the trace ended by its count and returned nothing more");
        return gogo.takeOut();
    }

    @Test
    void tracesMatchingPacketsUntilItsCount() throws Exception {
        gogo = new Gogo(processor);
        long telnet = (Long) gogo.property(gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK"
                + " --name 'no telnet' 'protocol == tcp and local.port == 23'"), "id");
        gogo.takeErr();
        String out = traceWhileClassifying("wfp:trace --count 2 --rate 1000 'local.port == 23 and remote.addr =="
                + " 198.51.100.0/24'", 23, "198.51.100.7");
        assertTrue(out.contains("trace 1  2026-01-01T00:00:00Z  INBOUND_TRANSPORT_V4  "), out);
        assertTrue(out.contains("trace 2  "), out);
        assertFalse(out.contains("trace 3  "), out);
        assertFalse(out.contains("203.0.113.5"), "a packet the expression does not match is not traced: " + out);
        assertTrue(out.contains("local.port=23") && out.contains("remote.addr=198.51.100.7"), out);
        assertTrue(out.contains("BLOCK (hard) by filter " + telnet + " 'no telnet' (STATIC_FILTER)"), out);
        assertTrue(out.contains("no telnet") && out.contains("FILTER"), "the sublayer's matching filters: " + out);
        String err = gogo.takeErr();
        assertTrue(err.contains("wfp:trace: tracing") && err.contains("wfp:trace: 2 walks traced"), err);
    }

    @Test
    void noFormatIsOneLineAWalk() throws Exception {
        gogo = new Gogo(processor);
        String out = traceWhileClassifying("wfp:trace --no-format --count 1 'local.port == 8080'", 8080,
                "192.0.2.1");
        assertEquals(1, out.lines().count(), out);
        String[] cols = out.strip().split("\t");
        assertEquals("1", cols[0]);
        assertEquals("INBOUND_TRANSPORT_V4", cols[2]);
        assertEquals("PERMIT", cols[3]);
        assertTrue(cols[7].contains("local.port=8080"), out);
    }

    @Test
    void aBadExpressionOrCountIsOneLine() throws Exception {
        gogo = new Gogo(processor);
        assertTrue(gogo.fails("wfp:trace 'nosuchfield == 1'").contains("nosuchfield"));
        assertTrue(gogo.fails("wfp:trace --count 0 'protocol == tcp'").contains("--count"));
        String help = gogo.print("wfp:trace --help");
        assertTrue(help.contains("wfp:trace") && help.contains("--count") && help.contains("--no-format"), help);
    }
}
