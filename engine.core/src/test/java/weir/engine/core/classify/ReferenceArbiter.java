package weir.engine.core.classify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;

/**
 * A deliberately simple arbiter written straight from spec §4's pseudo-code and §2.2's matching rules, for
 * the differential test. It shares nothing with the engine but the API's types: it matches Value objects
 * with BigIntegers and plain loops, sorts with its own comparators and walks lists.
 */
final class ReferenceArbiter {
    private ReferenceArbiter() {
    }

    /** The run-time world the reference sees: registered callouts and the flow's contexts by callout key. */
    record World(Map<UUID, Callout> registered, Map<UUID, Object> flowContexts) {
    }

    private record Result(int kind, boolean clearsRight, boolean absorb, boolean fromCallout, DecisionReason reason) {
    }

    private static final int CONTINUE = 0;
    private static final int PERMIT = 1;
    private static final int BLOCK = 2;
    private static final int NONE = 3;

    static Decision classify(Layer layer, List<SubLayer> subLayers, List<Filter> filters, World world,
            EngineOptions options, Value[] packet, IncomingValues values, Metadata metadata) {
        int action = NONE;
        boolean writable = true;
        long deciding = 0;
        boolean absorb = false;
        boolean vetoed = false;
        DecisionReason reason = DecisionReason.NO_MATCH;
        List<SubLayer> subs = new ArrayList<>(subLayers);
        subs.sort(Comparator.comparing((SubLayer s) -> -s.weight()).thenComparing(s -> s.subLayerKey().toString()));
        for (SubLayer sl : subs) {
            if (action == BLOCK && !writable && options.stopAfterHardBlock()) {
                break;
            }
            List<Filter> fs = new ArrayList<>();
            for (Filter f : filters) {
                UUID key = f.subLayerKey() == null ? layer.defaultSubLayerKey() : f.subLayerKey();
                if (key.equals(sl.subLayerKey()) && !f.has(FilterFlag.DISABLED)) {
                    fs.add(f);
                }
            }
            fs.sort((x, y) -> {
                BigInteger wx = new BigInteger(Long.toUnsignedString(x.effectiveWeight()));
                BigInteger wy = new BigInteger(Long.toUnsignedString(y.effectiveWeight()));
                int c = wy.compareTo(wx);
                return c != 0 ? c : Long.compare(x.filterId(), y.filterId());
            });
            for (Filter f : fs) {
                if (!matches(layer, f, packet)) {
                    continue;
                }
                Result r = evalFilter(layer, f, action, writable, world, values, metadata);
                if (r.kind == CONTINUE) {
                    continue;
                }
                if (writable) {
                    action = r.kind;
                    writable = !r.clearsRight;
                    deciding = f.filterId();
                    absorb = r.absorb;
                    reason = r.reason;
                } else if (r.kind == BLOCK && action == PERMIT && r.fromCallout) {
                    action = BLOCK;
                    vetoed = true;
                    deciding = f.filterId();
                    absorb = r.absorb;
                    reason = DecisionReason.CALLOUT;
                }
                break;
            }
        }
        if (action == NONE) {
            return new Decision(options.defaultAction(layer), false, false, 0, false, DecisionReason.NO_MATCH);
        }
        ActionType a = action == BLOCK ? ActionType.BLOCK : ActionType.PERMIT;
        return new Decision(a, !writable, a == ActionType.BLOCK && absorb, deciding, vetoed, reason);
    }

    private static Result evalFilter(Layer layer, Filter f, int action, boolean writable, World world,
            IncomingValues values, Metadata metadata) {
        ActionType type = f.action().type();
        if (type == ActionType.PERMIT) {
            return new Result(PERMIT, f.has(FilterFlag.CLEAR_ACTION_RIGHT), false, false, DecisionReason.STATIC_FILTER);
        }
        if (type == ActionType.BLOCK) {
            return new Result(BLOCK, true, false, false, DecisionReason.STATIC_FILTER);
        }
        Callout c = world.registered().get(f.action().calloutKey());
        if (c == null) {
            return unregistered(f, DecisionReason.CALLOUT_UNREGISTERED);
        }
        Object context = world.flowContexts().get(f.action().calloutKey());
        if (c.flags().contains(CalloutFlag.CONDITIONAL_ON_FLOW) && context == null) {
            return new Result(CONTINUE, false, false, false, null);
        }
        Out out = new Out(action == PERMIT ? ActionType.PERMIT : action == BLOCK ? ActionType.BLOCK : ActionType.CONTINUE,
                writable ? ClassifyOut.RIGHT_ACTION_WRITE : 0);
        try {
            c.classify(values, metadata, null, f, context, out);
        } catch (RuntimeException e) {
            return unregistered(f, DecisionReason.CALLOUT_FAILED);
        }
        if (out.action == null) {
            return unregistered(f, DecisionReason.CALLOUT_FAILED);
        }
        ActionType k = out.action;
        boolean abs = (out.flags & ClassifyOut.FLAG_ABSORB) != 0;
        if (writable) {
            int kind;
            if (type == ActionType.CALLOUT_TERMINATING) {
                kind = k == ActionType.PERMIT ? PERMIT : BLOCK;
            } else if (type == ActionType.CALLOUT_INSPECTION) {
                kind = CONTINUE;
            } else {
                kind = k == ActionType.PERMIT ? PERMIT : k == ActionType.BLOCK ? BLOCK : CONTINUE;
            }
            boolean clears = (out.rights & ClassifyOut.RIGHT_ACTION_WRITE) == 0
                    || (kind == PERMIT && f.has(FilterFlag.CLEAR_ACTION_RIGHT));
            return new Result(kind, clears, abs, true, DecisionReason.CALLOUT);
        }
        return k == ActionType.BLOCK ? new Result(BLOCK, true, abs, true, DecisionReason.CALLOUT)
                : new Result(CONTINUE, false, false, false, null);
    }

    private static Result unregistered(Filter f, DecisionReason reason) {
        if (f.action().type() == ActionType.CALLOUT_INSPECTION) {
            return new Result(CONTINUE, false, false, false, null);
        }
        if (f.has(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED)) {
            return new Result(PERMIT, false, false, false, reason);
        }
        return new Result(BLOCK, true, false, false, reason);
    }

    private static final class Out implements ClassifyOut {
        ActionType action;
        int rights;
        int flags;

        Out(ActionType action, int rights) {
            this.action = action;
            this.rights = rights;
        }

        @Override
        public ActionType actionType() {
            return action;
        }

        @Override
        public void setActionType(ActionType a) {
            action = a;
        }

        @Override
        public int rights() {
            return rights;
        }

        @Override
        public void clearWriteRight() {
            rights = 0;
        }

        @Override
        public int flags() {
            return flags;
        }

        @Override
        public void setAbsorb() {
            flags |= FLAG_ABSORB;
        }
    }

    // ---- matching, §2.2 ----

    /** Conditions grouped per field key: OR inside a group, AND across (D5); none = match. */
    static boolean matches(Layer layer, Filter f, Value[] packet) {
        List<UUID> keys = new ArrayList<>();
        for (Condition c : f.conditions()) {
            if (!keys.contains(c.field().key())) {
                keys.add(c.field().key());
            }
        }
        for (UUID key : keys) {
            boolean any = false;
            for (Condition c : f.conditions()) {
                if (c.field().key().equals(key) && holds(c, packet[slot(layer, key)])) {
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static int slot(Layer layer, UUID key) {
        for (int i = 0; i < layer.fields().size(); i++) {
            if (layer.fields().get(i).key().equals(key)) {
                return i;
            }
        }
        throw new AssertionError("no field " + key + " at " + layer);
    }

    static boolean holds(Condition c, Value in) {
        Value cv = c.value();
        if (in instanceof Value.Empty) {
            return cv instanceof Value.Empty; // rule 35 / D14
        }
        if (cv instanceof Value.Empty) {
            return false;
        }
        if (cv instanceof Value.V4AddrMask m) {
            long v = ((Value.UInt32) in).unsigned();
            long mask = Integer.toUnsignedLong(m.mask());
            return (v & mask) == (Integer.toUnsignedLong(m.addr()) & mask);
        }
        if (cv instanceof Value.V6AddrMask m) {
            BigInteger v = new BigInteger(1, ((Value.ByteArray16) in).bytes());
            BigInteger a = new BigInteger(1, m.addr());
            int drop = 128 - m.prefixLength();
            return v.shiftRight(drop).equals(a.shiftRight(drop));
        }
        if (cv instanceof Value.Range r) {
            return compare(r.low(), in) <= 0 && compare(in, r.high()) <= 0;
        }
        MatchType m = c.matchType();
        switch (m) {
            case EQUAL:
                return compare(in, cv) == 0;
            case NOT_EQUAL:
                return compare(in, cv) != 0;
            case GREATER:
                return compare(in, cv) > 0;
            case LESS:
                return compare(in, cv) < 0;
            case GREATER_OR_EQUAL:
                return compare(in, cv) >= 0;
            case LESS_OR_EQUAL:
                return compare(in, cv) <= 0;
            case FLAGS_ALL_SET:
                return number(in).and(number(cv)).equals(number(cv));
            case FLAGS_ANY_SET:
                return number(in).and(number(cv)).signum() != 0;
            case FLAGS_NONE_SET:
                return number(in).and(number(cv)).signum() == 0;
            case EQUAL_CASE_INSENSITIVE:
                return ((Value.UnicodeString) in).value().equalsIgnoreCase(((Value.UnicodeString) cv).value());
            case PREFIX:
                return endsWith(in, cv);
            case NOT_PREFIX:
                return !endsWith(in, cv);
            default:
                throw new AssertionError(m);
        }
    }

    private static boolean endsWith(Value in, Value suffix) {
        if (in instanceof Value.UnicodeString s) {
            return s.value().endsWith(((Value.UnicodeString) suffix).value());
        }
        byte[] x = ((Value.ByteBlob) in).bytes();
        byte[] y = ((Value.ByteBlob) suffix).bytes();
        if (y.length > x.length) {
            return false;
        }
        for (int i = 0; i < y.length; i++) {
            if (x[x.length - y.length + i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    /** Order within one type: integers by value (unsigned or signed), addresses and blobs as unsigned bytes. */
    static int compare(Value a, Value b) {
        if (a instanceof Value.UnicodeString x) {
            return Integer.signum(x.value().compareTo(((Value.UnicodeString) b).value()));
        }
        if (a instanceof Value.ByteBlob x) {
            byte[] p = x.bytes();
            byte[] q = ((Value.ByteBlob) b).bytes();
            for (int i = 0; i < Math.min(p.length, q.length); i++) {
                int c = Integer.compare(p[i] & 0xFF, q[i] & 0xFF);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(p.length, q.length);
        }
        return number(a).compareTo(number(b));
    }

    static BigInteger number(Value v) {
        DataType t = v.type();
        switch (t) {
            case UINT8:
                return BigInteger.valueOf(((Value.UInt8) v).value());
            case UINT16:
                return BigInteger.valueOf(((Value.UInt16) v).value());
            case UINT32:
                return BigInteger.valueOf(((Value.UInt32) v).unsigned());
            case UINT64:
                return new BigInteger(Long.toUnsignedString(((Value.UInt64) v).value()));
            case BYTE_ARRAY16:
                return new BigInteger(1, ((Value.ByteArray16) v).bytes());
            default:
                throw new AssertionError("no number: " + v);
        }
    }
}
