package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.Callout;
import weir.engine.api.Condition;
import weir.engine.api.Decision;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Metadata;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The engine against {@link ReferenceArbiter} over thousands of seeded random worlds: all match types,
 * several sublayers with colliding weights, hard and soft actions, callouts returning every action, with and
 * without the write right, failing, unregistered, conditional on flow, CLEAR_ACTION_RIGHT and
 * PERMIT_IF_CALLOUT_UNREGISTERED. Compared: the decision (action, hard, absorbed, deciding filter, veto,
 * reason), which callouts were called in which order with which rights, and whether a drop event was
 * recorded. A disagreement fails with the seed and a shrunk smallest case. Larger worlds exercise the index,
 * which must give the linear scan's answers.
 */
class DifferentialTest {
    private static final long SEED = 0x5EEDL;

    @Test
    void engineAgreesWithTheReferenceArbiter() {
        run(SEED, 2000, 12, 15, false);
    }

    @Test
    void engineWithIndexesAgreesWithTheReferenceArbiterOnLargerSublayers() {
        int indexed = run(SEED + 1, 300, 80, 40, true);
        assertTrue(indexed > 60, "only " + indexed + " of 300 worlds had an indexed sublayer");
    }

    /** Returns the number of worlds where at least one sublayer was indexed. */
    private static int run(long seed, int rounds, int maxFilters, int packets, boolean indexFriendly) {
        int indexed = 0;
        for (int round = 0; round < rounds; round++) {
            long s = seed * 1_000_003L + round;
            Random r = new Random(s);
            RandomCase c = RandomCase.generate(r, maxFilters, indexFriendly);
            World w = new World(c);
            if (w.engine.snapshot(c.layer()).index.isTree()) {
                indexed++;
            }
            for (int p = 0; p < packets; p++) {
                RandomCase one = c.withPacket(RandomCase.packet(r, c.layer()));
                String why = w.disagreement(one);
                if (why != null) {
                    RandomCase small = shrink(one);
                    fail("engine and reference disagree (seed " + s + ", packet " + p + "): " + disagreement(small)
                            + "\nsmallest case:\n" + small + "\noriginal disagreement: " + why);
                }
            }
        }
        return indexed;
    }

    /** Runs one case through a fresh engine and the reference; null when they agree. */
    static String disagreement(RandomCase c) {
        return new World(c).disagreement(c);
    }

    /** An engine and a reference world built from one case; packets of that case can be run one after another. */
    private static final class World {
        final RandomCase c;
        final NetEventLog events = new NetEventLog(64);
        final ClassifierImpl engine;
        final long flow;
        final List<TestCallout> engineCallouts = new ArrayList<>();
        final List<TestCallout> refCallouts = new ArrayList<>();
        final Map<UUID, Callout> registered = new HashMap<>();
        final Map<UUID, Object> contexts = new HashMap<>();

        World(RandomCase c) {
            this.c = c;
            FlowTable flows = new FlowTable();
            CalloutTable table = new CalloutTable(flows);
            engine = new ClassifierImpl(table, flows, events, new EngineStatistics());
            engine.setOptions(c.options());
            flow = flows.openFlow();
            for (RandomCase.CalloutSpec s : c.callouts()) {
                TestCallout t = s.build();
                TestCallout ref = s.build();
                engineCallouts.add(t);
                refCallouts.add(ref);
                if (s.registered()) {
                    int id = table.register(s.key(), t, null);
                    registered.put(s.key(), ref);
                    if (s.flowHasContext()) {
                        flows.associate(flow, c.layer(), id, "context of " + s.key());
                        contexts.put(s.key(), "context of " + s.key());
                    }
                }
            }
            engine.publish(c.layer(), c.subLayers(), c.filters());
        }

        /** Classifies {@code one}'s packet (one is this world's case with another packet). */
        String disagreement(RandomCase one) {
            for (TestCallout t : engineCallouts) {
                t.calls.clear();
            }
            for (TestCallout t : refCallouts) {
                t.calls.clear();
            }
            IncomingValues v = engine.newIncomingValues(c.layer());
            for (int i = 0; i < one.packet().length; i++) {
                v.set(i, one.packet()[i]);
            }
            Metadata m = engine.newMetadata().setFlowHandle(flow);
            Verdict out = engine.newVerdict();
            long before = events.total();
            engine.classify(c.layer(), v, m, null, out);
            Decision got = out.toDecision();
            boolean dropRecorded = events.total() != before;
            Decision want = ReferenceArbiter.classify(c.layer(), c.subLayers(), c.filters(),
                    new ReferenceArbiter.World(registered, contexts), c.options(), one.packet(), v, m);
            if (!want.equals(got)) {
                return "decision: engine " + got + ", reference " + want;
            }
            for (int i = 0; i < engineCallouts.size(); i++) {
                if (!engineCallouts.get(i).calls.equals(refCallouts.get(i).calls)) {
                    return c.callouts().get(i) + " calls: engine " + engineCallouts.get(i).calls + ", reference "
                            + refCallouts.get(i).calls;
                }
            }
            boolean dropExpected = want.isBlock() && !want.absorbed();
            if (dropRecorded != dropExpected) {
                return "drop event recorded " + dropRecorded + ", expected " + dropExpected;
            }
            return null;
        }
    }

    /** Removes filters, conditions and packet fields while the disagreement stays. */
    static RandomCase shrink(RandomCase c) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < c.filters().size(); i++) {
                List<Filter> fs = new ArrayList<>(c.filters());
                fs.remove(i);
                RandomCase t = c.withFilters(fs);
                if (disagreement(t) != null) {
                    c = t;
                    progress = true;
                    i--;
                }
            }
            for (int i = 0; i < c.filters().size(); i++) {
                Filter f = c.filters().get(i);
                for (int j = 0; j < f.conditions().size(); j++) {
                    List<Condition> cs = new ArrayList<>(f.conditions());
                    cs.remove(j);
                    List<Filter> fs = new ArrayList<>(c.filters());
                    fs.set(i, f.withConditions(cs));
                    RandomCase t = c.withFilters(fs);
                    if (disagreement(t) != null) {
                        c = t;
                        f = fs.get(i);
                        progress = true;
                        j--;
                    }
                }
            }
            for (int i = 0; i < c.packet().length; i++) {
                if (!(c.packet()[i] instanceof Value.Empty)) {
                    Value[] p = c.packet().clone();
                    p[i] = Value.empty();
                    RandomCase t = c.withPacket(p);
                    if (disagreement(t) != null) {
                        c = t;
                        progress = true;
                    }
                }
            }
        }
        return c;
    }
}
