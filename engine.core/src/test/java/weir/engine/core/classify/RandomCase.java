package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutFlag;
import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.EngineOptions;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Weight;

/**
 * One randomly generated classification world for the differential test: sublayers, filters (with ids and
 * effective weights), callouts (what each returns, whether registered, whether the flow holds its context),
 * options and a packet. Values come from small pools so that conditions often match and ties happen.
 */
record RandomCase(Layer layer, List<SubLayer> subLayers, List<Filter> filters, List<CalloutSpec> callouts,
        EngineOptions options, Value[] packet) {

    /** A test callout's behaviour. {@code result} null means "leaves no action" (a D13 failure). */
    record CalloutSpec(UUID key, ActionType result, boolean throwing, boolean clearRight, boolean absorb,
            boolean politely, boolean conditionalOnFlow, boolean registered, boolean flowHasContext) {
        TestCallout build() {
            TestCallout c = TestCallout.returning(result);
            if (throwing) {
                c.throwing(new IllegalStateException("callout " + key + " fails"));
            }
            if (clearRight) {
                c.clearingRight();
            }
            if (absorb) {
                c.absorbing();
            }
            if (politely) {
                c.politely();
            }
            if (conditionalOnFlow) {
                c.withFlags(CalloutFlag.CONDITIONAL_ON_FLOW);
            }
            return c;
        }

        @Override
        public String toString() {
            return "callout ..." + key.toString().substring(24) + ": " + (throwing ? "throws" : "returns " + result)
                    + (clearRight ? ", clears WRITE" : "") + (absorb ? ", absorbs" : "") + (politely ? ", polite" : "")
                    + (conditionalOnFlow ? ", CONDITIONAL_ON_FLOW" : "") + (registered ? "" : ", NOT REGISTERED")
                    + (flowHasContext ? ", flow has its context" : "");
        }
    }

    static final Layer[] LAYERS = {Layer.INBOUND_TRANSPORT_V4, Layer.ALE_AUTH_CONNECT_V6};

    private static final Field[] T4_FIELDS = {Field.IP_PROTOCOL, Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT,
        Field.IP_REMOTE_ADDRESS, Field.FLAGS, Field.IP_LOCAL_INTERFACE};
    private static final Field[] C6_FIELDS = {Field.IP_PROTOCOL, Field.IP_LOCAL_PORT, Field.IP_REMOTE_ADDRESS,
        Field.ALE_APP_ID, Field.PEER_NAME, Field.FLAGS, Field.IP_LOCAL_INTERFACE};

    static Field[] fields(Layer l) {
        return l == Layer.INBOUND_TRANSPORT_V4 ? T4_FIELDS : C6_FIELDS;
    }

    // ---- value pools ----

    static Value pick(Random r, Layer layer, Field f) {
        DataType t = layer.typeOf(f);
        switch (t) {
            case UINT8:
                return Value.uint8(new int[] {0, 1, 6, 17, 255}[r.nextInt(5)]);
            case UINT16:
                return Value.uint16(new int[] {0, 22, 80, 443, 1024, 65535}[r.nextInt(6)]);
            case UINT32:
                if (f == Field.FLAGS) {
                    return Value.uint32(new long[] {0, 1, 2, 3, 0x20, 0x8000_0000L, 0xFFFF_FFFFL}[r.nextInt(7)]);
                }
                return Value.address(new String[] {"10.0.0.1", "10.0.0.2", "10.1.0.1", "192.0.2.7", "200.0.0.1", "0.0.0.0",
                    "255.255.255.255"}[r.nextInt(7)]);
            case UINT64:
                return Value.uint64(new long[] {0, 1, 7, Long.MAX_VALUE, Long.MIN_VALUE, -1L}[r.nextInt(6)]);
            case BYTE_ARRAY16:
                return Value.address(new String[] {"::", "::1", "2001:db8::1", "2001:db8::2", "2001:db8:1::1", "8000::",
                    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}[r.nextInt(7)]);
            case BYTE_BLOB:
                return Value.blob(new byte[][] {{}, {0}, {1}, {(byte) 0x80}, {1, 0}, {'a', 'b'}, {'b'}}[r.nextInt(7)]);
            case UNICODE_STRING:
                return Value.string(new String[] {"", "a", "ab", "b", "AB", "xab", "B"}[r.nextInt(7)]);
            default:
                throw new AssertionError(t);
        }
    }

    static Condition condition(Random r, Layer layer, Field f) {
        DataType t = layer.typeOf(f);
        int dice = r.nextInt(20);
        if (dice == 0) {
            return Condition.equal(f, Value.empty());
        }
        if (dice <= 3 && f.isAddress()) {
            if (t == DataType.UINT32) {
                int len = new int[] {0, 8, 16, 24, 32}[r.nextInt(5)];
                int addr = ((Value.UInt32) pick(r, layer, f)).value();
                int mask = len == 0 ? 0 : -1 << (32 - len);
                return Condition.equal(f, new Value.V4AddrMask(addr & mask, mask));
            }
            int len = new int[] {0, 16, 32, 64, 127, 128}[r.nextInt(6)];
            return Condition.equal(f, new Value.V6AddrMask(((Value.ByteArray16) pick(r, layer, f)).bytes(), len));
        }
        if (dice <= 5) {
            Value a = pick(r, layer, f);
            Value b = pick(r, layer, f);
            return ReferenceArbiter.compare(a, b) <= 0 ? Condition.range(f, a, b) : Condition.range(f, b, a);
        }
        List<MatchType> types = new ArrayList<>(List.of(MatchType.EQUAL, MatchType.EQUAL, MatchType.NOT_EQUAL,
                MatchType.GREATER, MatchType.LESS, MatchType.GREATER_OR_EQUAL, MatchType.LESS_OR_EQUAL));
        if (t.isUnsigned()) {
            types.addAll(List.of(MatchType.FLAGS_ALL_SET, MatchType.FLAGS_ANY_SET, MatchType.FLAGS_NONE_SET));
        }
        if (t == DataType.UNICODE_STRING) {
            types.add(MatchType.EQUAL_CASE_INSENSITIVE);
        }
        if (t == DataType.UNICODE_STRING || t == DataType.BYTE_BLOB) {
            types.addAll(List.of(MatchType.PREFIX, MatchType.PREFIX, MatchType.NOT_PREFIX));
        }
        return new Condition(f, types.get(r.nextInt(types.size())), pick(r, layer, f));
    }

    /** A world with up to {@code maxFilters} filters, and one packet. */
    static RandomCase generate(Random r, int maxFilters) {
        return generate(r, maxFilters, false);
    }

    /**
     * {@code indexFriendly}: most filters also pin one key field (a port, the protocol, or for IPv4 an address
     * prefix of 24 bits or more), as real rule sets do, so that sublayers get indexed.
     */
    static RandomCase generate(Random r, int maxFilters, boolean indexFriendly) {
        Layer layer = LAYERS[r.nextInt(LAYERS.length)];
        List<SubLayer> subs = new ArrayList<>();
        subs.add(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000));
        int nSubs = r.nextInt(3);
        for (int i = 0; i < nSubs; i++) {
            // weights collide on purpose (D4); keys spread over the whole GUID range
            subs.add(SubLayer.of(new UUID(r.nextLong(), r.nextLong()), "s" + i, new int[] {0, 5, 5, 0x8000, 0xFFFF}[r.nextInt(5)]));
        }
        List<CalloutSpec> callouts = new ArrayList<>();
        int nCallouts = 1 + r.nextInt(4);
        ActionType[] results = {ActionType.PERMIT, ActionType.BLOCK, ActionType.CONTINUE, ActionType.NONE,
            ActionType.NONE_NO_MATCH, null};
        for (int i = 0; i < nCallouts; i++) {
            callouts.add(new CalloutSpec(new UUID(0xCA11, i), results[r.nextInt(results.length)], r.nextInt(10) == 0,
                    r.nextInt(3) == 0, r.nextInt(5) == 0, r.nextBoolean(), r.nextInt(4) == 0, r.nextInt(5) != 0,
                    r.nextBoolean()));
        }
        List<Filter> filters = new ArrayList<>();
        int n = r.nextInt(maxFilters + 1);
        Field[] fs = fields(layer);
        Field keyField = new Field[] {Field.IP_LOCAL_PORT, Field.IP_PROTOCOL, Field.IP_REMOTE_ADDRESS}[r.nextInt(3)];
        for (int i = 0; i < n; i++) {
            List<Condition> conds = new ArrayList<>();
            if (indexFriendly && r.nextInt(5) != 0) {
                conds.add(pin(r, layer, keyField));
                if (r.nextInt(6) == 0) {
                    conds.add(pin(r, layer, keyField)); // an OR group: the filter goes into two buckets
                }
            }
            for (int c = r.nextInt(4); c > 0; c--) {
                conds.add(condition(r, layer, fs[r.nextInt(fs.length)]));
            }
            FilterAction a;
            int dice = r.nextInt(10);
            UUID key = callouts.get(r.nextInt(callouts.size())).key();
            a = dice < 3 ? FilterAction.permit() : dice < 6 ? FilterAction.block()
                    : dice == 6 ? FilterAction.calloutTerminating(key) : dice == 7 ? FilterAction.calloutInspection(key)
                    : FilterAction.calloutUnknown(key);
            Set<FilterFlag> flags = EnumSet.noneOf(FilterFlag.class);
            if (r.nextInt(3) == 0 && a.type() != ActionType.BLOCK) {
                flags.add(FilterFlag.CLEAR_ACTION_RIGHT);
            }
            if (r.nextInt(3) == 0 && (a.type() == ActionType.CALLOUT_TERMINATING || a.type() == ActionType.CALLOUT_UNKNOWN)) {
                flags.add(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED);
            }
            if (r.nextInt(25) == 0) {
                flags.add(FilterFlag.DISABLED);
            }
            Weight w = switch (r.nextInt(3)) {
                case 0 -> Weight.auto();
                case 1 -> Weight.exact(new long[] {0, 1, 2, -1L, Long.MIN_VALUE}[r.nextInt(5)]);
                default -> Weight.range(r.nextInt(16));
            };
            Filter f = Filter.of("f" + (i + 1), layer, a).withConditions(conds).withFlags(flags).withWeight(w);
            UUID sub = subs.get(r.nextInt(subs.size())).subLayerKey();
            filters.add(f.withIds(UUID.randomUUID(), sub, i + 1, Weights.effectiveWeight(layer, w, conds)));
        }
        EngineOptions o = EngineOptions.defaults().withStopAfterHardBlock(r.nextBoolean())
                .withCalloutQuarantineThreshold(Integer.MAX_VALUE).withNetEventCapacity(64);
        if (r.nextInt(3) == 0) {
            o = o.withDefaultActions(Map.of(layer, ActionType.BLOCK));
        }
        return new RandomCase(layer, subs, filters, callouts, o, packet(r, layer));
    }

    private static Condition pin(Random r, Layer layer, Field f) {
        Value v = pick(r, layer, f);
        if (v instanceof Value.UInt32 a && r.nextBoolean()) {
            int len = 24 + r.nextInt(9);
            int mask = -1 << (32 - len);
            return Condition.equal(f, new Value.V4AddrMask(a.value() & mask, mask));
        }
        return Condition.equal(f, v);
    }

    static Value[] packet(Random r, Layer layer) {
        Value[] p = new Value[layer.fields().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Value.empty();
        }
        for (Field f : fields(layer)) {
            if (r.nextInt(10) != 0) {
                p[layer.indexOf(f)] = pick(r, layer, f);
            }
        }
        return p;
    }

    RandomCase withFilters(List<Filter> fs) {
        return new RandomCase(layer, subLayers, fs, callouts, options, packet);
    }

    RandomCase withPacket(Value[] p) {
        return new RandomCase(layer, subLayers, filters, callouts, options, p);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("layer ").append(layer).append(", stopAfterHardBlock=").append(options.stopAfterHardBlock())
                .append(", default ").append(options.defaultAction(layer)).append('\n');
        for (SubLayer s : subLayers) {
            sb.append("  sublayer ").append(s.subLayerKey()).append(" weight ").append(s.weight()).append('\n');
        }
        for (CalloutSpec c : callouts) {
            sb.append("  ").append(c).append('\n');
        }
        Map<UUID, Integer> subIndex = new LinkedHashMap<>();
        for (int i = 0; i < subLayers.size(); i++) {
            subIndex.put(subLayers.get(i).subLayerKey(), i);
        }
        for (Filter f : filters) {
            sb.append("  filter ").append(f.filterId()).append(" in sublayer #").append(subIndex.get(f.subLayerKey()))
                    .append(' ').append(f.action()).append(' ').append(f.flags()).append(" weight ").append(f.weight())
                    .append(" = ").append(Long.toUnsignedString(f.effectiveWeight(), 16)).append(' ')
                    .append(f.conditions()).append('\n');
        }
        sb.append("  packet:");
        for (int i = 0; i < packet.length; i++) {
            if (!(packet[i] instanceof Value.Empty)) {
                sb.append(' ').append(layer.fields().get(i)).append('=').append(Value.format(packet[i]));
            }
        }
        return sb.toString();
    }
}
