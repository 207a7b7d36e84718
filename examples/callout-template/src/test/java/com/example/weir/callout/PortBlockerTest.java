package com.example.weir.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.NotifyType;
import weir.engine.testing.TestClassifyOut;
import weir.engine.testing.TestMetadata;
import weir.engine.testing.TestValues;

/**
 * The callout on its own, with Weir's test kit (weir.engine.testing): the values, metadata and classify-out the
 * engine would hand it, built in a line each. Fast, and no framework; PortBlockerIT runs the built bundle in one.
 */
class PortBlockerTest {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;
    private static final Filter FILTER = Filter.of("block a port", LAYER,
            FilterAction.calloutTerminating(UUID.fromString(PortBlocker.KEY)));

    private final PortBlocker blocker = new PortBlocker(port(23));

    private TestClassifyOut classify(int localPort, TestClassifyOut out) {
        TestValues packet = TestValues.at(LAYER).tcp().local("10.0.0.2", localPort).remote("198.51.100.7", 40000);
        blocker.classify(packet, TestMetadata.of(), null, FILTER, null, out);
        return out;
    }

    @Test
    void blocksItsPortHard() {
        TestClassifyOut out = classify(23, TestClassifyOut.writable());
        assertEquals(ActionType.BLOCK, out.actionType());
        assertFalse(out.hasWriteRight(), "a hard block: no lower sublayer can permit it again");
    }

    @Test
    void permitsTheOthers() {
        assertEquals(ActionType.PERMIT, classify(22, TestClassifyOut.writable()).actionType());
    }

    @Test
    void leavesAHardDecisionAlone() {
        TestClassifyOut decided = classify(23, TestClassifyOut.decided(ActionType.PERMIT, true));
        assertTrue(decided.untouched(), "without the write right a callout does not touch the action");
    }

    @Test
    void refusesFiltersItCannotHonour() {
        UUID key = UUID.fromString(PortBlocker.KEY);
        assertTrue(blocker.notify(NotifyType.ADD_FILTER, null, FILTER));
        assertFalse(blocker.notify(NotifyType.ADD_FILTER, null,
                Filter.of("no ports here", Layer.INBOUND_IPPACKET_V4, FilterAction.calloutTerminating(key))));
        assertFalse(blocker.notify(NotifyType.ADD_FILTER, null,
                Filter.of("could never block", LAYER, FilterAction.calloutInspection(key))));
    }

    /** The configuration DS would make from {@code etc/com.example.weir.callout.cfg}. */
    private static PortBlockerConfig port(int port) {
        return new PortBlockerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PortBlockerConfig.class;
            }

            @Override
            public int port() {
                return port;
            }
        };
    }
}
