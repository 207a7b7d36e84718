package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Decision;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterTrace;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.core.callout.Registration;
import weir.engine.core.expr.ConditionParser;
import weir.engine.core.expr.ExpressionException;

/**
 * The live trace: only real packets matching its expression are traced, their decision is the one they get
 * untraced, their callouts are called and counted as any packet's, the walk shows the sublayers' filters and the
 * calls, and the trace keeps to its count and rate; disarmed, nothing more is traced.
 */
class LiveTraceTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final TestEngine e = new TestEngine(L);
    private final List<TracedWalk> walks = new ArrayList<>();

    private Filter telnet() {
        return e.add(Filter.of("no telnet", L, FilterAction.block())
                .withConditions(ConditionParser.parse(L, "protocol == tcp and local.port == 23")));
    }

    @Test
    void onlyMatchingPacketsAreTracedAndTheirDecisionIsUnchanged() throws Exception {
        Filter telnet = telnet();
        Decision untraced = e.classify(e.packet(6, 23, "198.51.100.7"));
        LiveTrace trace = new LiveTrace("protocol == tcp and remote.addr == 198.51.100.0/24", 100, 1_000, walks::add);
        try (AutoCloseable armed = e.classifier.startTrace(trace)) {
            Decision traced = e.classify(e.packet(6, 23, "198.51.100.7"));
            assertEquals(untraced, traced, "a traced packet gets the decision it gets untraced");
            e.classify(e.packet(6, 23, "203.0.113.9")); // another remote: not traced
            e.classify(e.packet(17, 23, "198.51.100.7")); // udp: not traced
            e.classify(e.packet(6, 80, "198.51.100.8")); // traced, permitted by default
        }
        e.classify(e.packet(6, 23, "198.51.100.7")); // disarmed
        assertEquals(2, walks.size(), walks.toString());
        TracedWalk first = walks.get(0);
        assertEquals(1, first.number());
        assertEquals(L, first.layer());
        assertEquals(ActionType.BLOCK, first.decision().action());
        assertEquals(telnet.filterId(), first.decision().filterId());
        assertEquals("tcp", first.values().get("protocol"));
        assertEquals("23", first.values().get("local.port"));
        assertEquals("198.51.100.7", first.values().get("remote.addr"));
        FilterTrace ft = first.subLayers().get(0).filters().get(0);
        assertEquals(telnet.filterId(), ft.filterId());
        assertTrue(ft.applied());
        TracedWalk second = walks.get(1);
        assertEquals(2, second.number());
        assertEquals(ActionType.PERMIT, second.decision().action());
        assertEquals(List.of(), second.subLayers().get(0).filters(), "no filter matched the second");
        assertEquals(2, trace.traced());
        assertEquals(6, e.statistics.layer(L).classifies(), "traced or not, every packet is counted");
    }

    @Test
    void calloutsAreCalledAndCountedAndTheWalkShowsTheCall() throws Exception {
        TestCallout inspect = TestCallout.returning(ActionType.BLOCK);
        UUID k = UUID.randomUUID();
        e.callouts.register(k, inspect, null);
        Filter f = e.add(Filter.of("inspect", L, FilterAction.calloutTerminating(k)));
        try (AutoCloseable armed = e.classifier.startTrace(new LiveTrace("protocol == tcp", 10, 1_000, walks::add))) {
            assertEquals(ActionType.BLOCK, e.classify(e.packet(6, 22, "192.0.2.1")).action());
        }
        assertEquals(1, inspect.calls.size());
        Registration r = e.callouts.lookup(k);
        assertEquals(1, r.calls(), "a traced packet's callout call counts as any packet's");
        assertEquals(1, walks.size());
        List<WhatIf.CalloutCall> calls = walks.get(0).calls();
        assertEquals(1, calls.size());
        assertEquals(f.filterId(), calls.get(0).filterId());
        assertEquals(k, calls.get(0).calloutKey());
        assertEquals("", calls.get(0).error());
        String note = walks.get(0).subLayers().get(0).filters().get(0).note();
        assertTrue(note.startsWith("callout called (") && !note.contains("not counted"), note);
        assertEquals(ActionType.BLOCK, walks.get(0).subLayers().get(0).filters().get(0).result(),
                "what the callout returned");
    }

    @Test
    void theCountEndsTheTrace() throws Exception {
        telnet();
        LiveTrace trace = new LiveTrace("protocol == tcp", 3, 1_000, walks::add);
        try (AutoCloseable armed = e.classifier.startTrace(trace)) {
            for (int i = 0; i < 10; i++) {
                e.classify(e.packet(6, 23, "192.0.2.1"));
            }
        }
        assertEquals(3, walks.size());
        assertTrue(trace.done());
        assertEquals(List.of(1L, 2L, 3L), walks.stream().map(TracedWalk::number).toList());
    }

    @Test
    void theRateLeavesOutWhatComesTooFastAndCountsIt() throws Exception {
        telnet();
        LiveTrace trace = new LiveTrace("protocol == tcp", 1_000, 5, walks::add);
        try (AutoCloseable armed = e.classifier.startTrace(trace)) {
            for (int i = 0; i < 50; i++) {
                e.classify(e.packet(6, 23, "192.0.2.1"));
            }
        }
        // 50 packets in far less than a second (or, on a very slow machine, a few seconds: a few windows)
        assertTrue(walks.size() >= 5 && walks.size() < 50, walks.size() + " walks");
        assertEquals(50, walks.size() + trace.suppressed());
    }

    @Test
    void theExpressionAppliesWhereItsFieldsExist() {
        LiveTrace ports = new LiveTrace("local.port == 22", 1, 1, walks::add);
        assertTrue(ports.layers().contains(Layer.INBOUND_TRANSPORT_V4));
        assertTrue(ports.layers().contains(Layer.ALE_AUTH_RECV_ACCEPT_V6));
        assertFalse(ports.layers().contains(Layer.INBOUND_IPPACKET_V4), "no ports at the IP packet layers");
        ExpressionException bad = assertThrows(ExpressionException.class,
                () -> new LiveTrace("nosuchfield == 1", 1, 1, walks::add));
        assertTrue(bad.getMessage().contains("nosuchfield"), bad.getMessage());
        assertThrows(ExpressionException.class, () -> new LiveTrace("protocol == ", 1, 1, walks::add));
    }

    @Test
    void oneTraceAtATime() throws Exception {
        LiveTrace a = new LiveTrace("protocol == tcp", 1, 1, walks::add);
        try (AutoCloseable armed = e.classifier.startTrace(a)) {
            IllegalStateException busy = assertThrows(IllegalStateException.class,
                    () -> e.classifier.startTrace(new LiveTrace("protocol == udp", 1, 1, walks::add)));
            assertTrue(busy.getMessage().contains("protocol == tcp"), busy.getMessage());
        }
        e.classifier.startTrace(new LiveTrace("protocol == udp", 1, 1, walks::add)).close();
    }

    @Test
    void aSinkThatThrowsCostsOnlyItsWalk() throws Exception {
        Filter telnet = telnet();
        try (AutoCloseable armed = e.classifier.startTrace(new LiveTrace("protocol == tcp", 10, 1_000, w -> {
            throw new IllegalStateException("printer gone");
        }))) {
            Decision d = e.classify(e.packet(6, 23, "192.0.2.1"));
            assertEquals(telnet.filterId(), d.filterId());
        }
        IncomingValues v = e.packet(6, 23, "192.0.2.1");
        assertEquals(ActionType.BLOCK, e.classify(v).action());
    }
}
