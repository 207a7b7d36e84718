package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Decision;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;

/** Publishing snapshots: atomic per layer, validated, and classify's contract on the objects it is given. */
class PublicationTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private static final UUID A = new UUID(1, 1);
    private static final UUID B = new UUID(1, 2);
    private static final List<SubLayer> SUBS = List.of(SubLayer.of(A, "A", 2), SubLayer.of(B, "B", 1));

    private static Filter f(String name, FilterAction a, UUID sub, long id) {
        return Filter.of(name, L, a).withIds(UUID.randomUUID(), sub, id, 0);
    }

    @Test
    void aPacketSeesOneSnapshotNeverAMix() throws Exception {
        // policy X: soft permit in A, block in B -> BLOCK by 2. Policy Y: block in A, permit in B -> BLOCK by 3.
        // Half of one and half of the other could PERMIT (A from X, B from Y): that must never happen.
        List<Filter> x = List.of(f("x permit", FilterAction.permit(), A, 1), f("x block", FilterAction.block(), B, 2));
        List<Filter> y = List.of(f("y block", FilterAction.block(), A, 3), f("y permit", FilterAction.permit(), B, 4));
        TestEngine e = new TestEngine(L);
        e.classifier.publish(L, SUBS, x);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Decision> bad = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            IncomingValues v = e.classifier.newIncomingValues(L);
            Verdict out = e.classifier.newVerdict();
            while (!stop.get()) {
                e.classifier.classify(L, v, null, null, out);
                if (out.action() != ActionType.BLOCK || (out.filterId() != 2 && out.filterId() != 3)) {
                    bad.compareAndSet(null, out.toDecision());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 20_000; i++) {
            e.classifier.publish(L, SUBS, (i & 1) == 0 ? y : x);
        }
        stop.set(true);
        reader.join();
        assertEquals(null, bad.get());
    }

    @Test
    void publishRejectsTheManagementSidesMistakes() {
        TestEngine e = new TestEngine(L);
        assertThrows(IllegalArgumentException.class, () -> e.classifier.publish(L, SUBS,
                List.of(f("elsewhere", FilterAction.block(), new UUID(9, 9), 1))));
        assertThrows(IllegalArgumentException.class, () -> e.classifier.publish(L, SUBS,
                List.of(Filter.of("no id", L, FilterAction.block()).withSubLayer(A))));
        assertThrows(IllegalArgumentException.class, () -> e.classifier.publish(L, SUBS,
                List.of(Filter.of("other layer", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.block())
                        .withIds(UUID.randomUUID(), A, 1, 0))));
        // nothing was published: the layer still permits
        assertEquals(ActionType.PERMIT, e.classify().action());
    }

    @Test
    void disabledFiltersAreNotEnforced() {
        TestEngine e = new TestEngine(L);
        e.classifier.publish(L, SUBS, List.of(f("off", FilterAction.block(), A, 1).withFlags(FilterFlag.DISABLED)));
        assertEquals(ActionType.PERMIT, e.classify().action());
    }

    @Test
    void aFilterWithoutSubLayerKeyIsInTheDefaultSublayer() {
        TestEngine e = new TestEngine(L);
        Filter f = Filter.of("default", L, FilterAction.block()).withIds(UUID.randomUUID(), null, 1, 0);
        e.classifier.publish(L, List.of(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000)), List.of(f));
        assertEquals(1, e.classify().filterId());
    }

    @Test
    void foreignIncomingValuesAreCopiedAndOtherLayersRejected() {
        TestEngine e = new TestEngine(L);
        e.add(Filter.of("ssh", L, FilterAction.block()).withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        IncomingValues mine = e.values().set(Field.IP_LOCAL_PORT, Value.uint16(22));
        IncomingValues foreign = new IncomingValues() {
            // a minimal other implementation: only get() and the schema are needed for the copy
            public Layer layer() {
                return L;
            }

            public int size() {
                return L.fields().size();
            }

            public DataType type(int i) {
                return mine.type(i);
            }

            public long getLong(int i) {
                return mine.getLong(i);
            }

            public long getHigh(int i) {
                return 0;
            }

            public long getLow(int i) {
                return 0;
            }

            public byte[] getBytes(int i) {
                return null;
            }

            public String getString(int i) {
                return null;
            }

            public Value get(int i) {
                return mine.get(i);
            }

            public IncomingValues setLong(int i, long v) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues setV6(int i, long h, long l) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues setBytes(int i, byte[] v) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues setString(int i, String v) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues set(int i, Value v) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues setEmpty(int i) {
                throw new UnsupportedOperationException();
            }

            public IncomingValues clear() {
                throw new UnsupportedOperationException();
            }
        };
        assertEquals(ActionType.BLOCK, e.classify(foreign).action());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.classifier.classify(
                Layer.OUTBOUND_TRANSPORT_V4, mine, null, null, e.classifier.newVerdict()));
        assertTrue(ex.getMessage().contains("INBOUND_TRANSPORT_V4"));
    }
}
