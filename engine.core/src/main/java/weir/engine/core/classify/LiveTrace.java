package weir.engine.core.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.core.expr.ConditionParser;
import weir.engine.core.expr.ExpressionException;
import weir.engine.core.expr.FieldNames;
import weir.engine.core.expr.ValueFormatter;

/**
 * A live trace ({@code nft monitor trace} for WFP's model): real packets whose values at a layer match an
 * expression are classified with a {@link Tracer} attached, and their walk through that layer is handed to a
 * sink. The expression is compiled at every layer whose fields it names (a port condition does not apply at the
 * IP packet layers; there those packets are not traced). Bounded: at most {@code limit} walks in all and
 * {@code perSecond} walks in any second of the wall clock; what the rate leaves out is counted. Armed on a
 * {@link ClassifierImpl} by {@link ClassifierImpl#startTrace}; while none is armed, classify pays one volatile
 * read for it.
 */
public final class LiveTrace {
    private static final long SECOND = 1_000_000_000L;

    private final String expression;
    private final CompiledConditions[] byLayer = new CompiledConditions[Layer.values().length];
    private final long limit;
    private final int perSecond;
    private final Consumer<TracedWalk> sink;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();

    /**
     * @param expression conditions as a filter's {@code when} writes them
     * @param limit walks in all (then the trace is {@link #done})
     * @param perSecond walks in any one second at most
     * @throws ExpressionException when the expression compiles at no layer (the message of its first layer's
     *         failure, for the layer that fits best: the transport layer)
     */
    public LiveTrace(String expression, long limit, int perSecond, Consumer<TracedWalk> sink) {
        if (limit < 1 || perSecond < 1) {
            throw new IllegalArgumentException("a trace needs a count and a rate of at least 1");
        }
        this.expression = expression;
        this.limit = limit;
        this.perSecond = perSecond;
        this.sink = sink;
        ExpressionException first = null;
        int compiled = 0;
        for (Layer l : Layer.values()) {
            try {
                List<Condition> conditions = ConditionParser.parse(l, expression);
                byLayer[l.ordinal()] = CompiledConditions.compile(l, conditions);
                compiled++;
            } catch (ExpressionException e) {
                if (first == null || l == Layer.INBOUND_TRANSPORT_V4) {
                    first = e;
                }
            }
        }
        if (compiled == 0) {
            throw first;
        }
    }

    public String expression() {
        return expression;
    }

    /** The layers where the expression applies. */
    public List<Layer> layers() {
        return java.util.Arrays.stream(Layer.values()).filter(l -> byLayer[l.ordinal()] != null).toList();
    }

    /** Walks handed to the sink so far. */
    public long traced() {
        return Math.min(taken.get(), limit);
    }

    /** Matching walks the rate left out. */
    public long suppressed() {
        return suppressed.get();
    }

    /** The count is reached: nothing more will be traced. */
    public boolean done() {
        return taken.get() >= limit;
    }

    /**
     * On the packet thread: whether this packet's walk through {@code layer} is traced: its number from 1, or 0
     * when not. Allocates nothing.
     */
    long selects(Layer layer, PacketValues values, long nowNanos) {
        CompiledConditions c = byLayer[layer.ordinal()];
        if (c == null || taken.get() >= limit || !c.matches(values)) {
            return 0;
        }
        long start = windowStart.get();
        if (nowNanos - start >= SECOND && windowStart.compareAndSet(start, nowNanos)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > perSecond) {
            suppressed.incrementAndGet();
            return 0;
        }
        long n = taken.incrementAndGet();
        return n > limit ? 0 : n;
    }

    /** Hands a selected walk to the sink (on the packet thread; a sink that throws loses only its own walk). */
    void emit(long number, Layer layer, PacketValues values, long timestampNanos, PacketVerdict verdict,
            Tracer tracer) {
        TracedWalk walk = new TracedWalk(number, timestampNanos, layer, describe(layer, values),
                verdict.toDecision(), tracer.finish(), tracer.calls());
        try {
            sink.accept(walk);
        } catch (RuntimeException e) {
            // the trace's printer failed: the packet's verdict stands, the trace goes on
        }
    }

    private static Map<String, String> describe(Layer layer, PacketValues values) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Field> fields = layer.fields();
        for (int i = 0; i < fields.size(); i++) {
            Value v = values.get(i);
            if (v instanceof Value.Empty) {
                continue;
            }
            Field f = fields.get(i);
            out.put(FieldNames.nameOf(layer, f), ValueFormatter.format(layer, f, MatchType.EQUAL, v));
        }
        return out;
    }
}
