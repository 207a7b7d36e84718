package weir.callouts.nat;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;

/**
 * The nat callouts wired as SCR and the engine wire them: one {@link NatCore} with a rule book, the inbound
 * and the outbound callout registered (with ids) in an in-memory flow table, and, unless told otherwise, an
 * injector. {@link #classify} does what the engine does for one packet at one layer: fills incoming values and
 * metadata, looks up that layer's callout's flow context, and calls classify with a fresh classify-out.
 */
final class NatHarness {
    final RuleBook rules = new RuleBook();
    final MemoryFlowContexts flows = new MemoryFlowContexts();
    final MemoryInjector injector = new MemoryInjector();
    final NatCore core;
    final NatOutboundCallout outbound;
    final NatInboundCallout inbound;
    final Object handle;
    /** Flags of the filter that calls the callout (e.g. CLEAR_ACTION_RIGHT). */
    Set<FilterFlag> filterFlags = Set.of();
    /** Capture time of the next packets, nanoseconds. */
    long now = 1_700_000_000_000_000_000L;

    NatHarness() {
        this(true, 30, 1_000_000);
    }

    NatHarness(boolean withInjector) {
        this(withInjector, 30, 1_000_000);
    }

    NatHarness(boolean withInjector, int holdSeconds, int maxMappings) {
        core = new NatCore(flows, rules, config(holdSeconds, maxMappings));
        outbound = new NatOutboundCallout(core);
        outbound.registered(flows.register(outbound));
        inbound = new NatInboundCallout(core);
        inbound.registered(flows.register(inbound));
        if (withInjector) {
            core.bindInjector(injector);
            handle = injector.handles.get(0);
        } else {
            handle = null;
        }
    }

    /** A {@link NatConfig} as ConfigAdmin and SCR would make it. */
    static NatConfig config(int holdSeconds, int maxMappings) {
        return new NatConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NatConfig.class;
            }

            @Override
            public int holdSeconds() {
                return holdSeconds;
            }

            @Override
            public int maxMappings() {
                return maxMappings;
            }
        };
    }

    NatRule rule(String... args) {
        return rules.add(NatCommands.parseAdd(args), "shell");
    }

    void advanceSeconds(long seconds) {
        now += seconds * 1_000_000_000L;
    }

    NatLayerCallout callout(Layer layer) {
        return layer == Layer.INBOUND_TRANSPORT_V4 ? inbound : outbound;
    }

    /** The outcome of one classify: the callout's answer and what it injected meanwhile. */
    record Result(ActionType action, boolean absorb, boolean writeRight, List<MemoryInjector.Injected> injected) {
        byte[] onlyInjected() {
            if (injected.size() != 1) {
                throw new AssertionError("expected one injected packet, got " + injected.size());
            }
            return injected.get(0).packet();
        }
    }

    Result classify(Layer layer, byte[] packet, long flow) {
        return classify(layer, Frame.ip(packet), flow, null, MemoryClassifyOut.fresh());
    }

    Result classify(Layer layer, LayerData data, long flow, Object injectedBy, ClassifyOut out) {
        MemoryMetadata md = new MemoryMetadata();
        md.setFlowHandle(flow);
        md.setPacketDirection(layer.name().startsWith("INBOUND") ? Direction.INBOUND : Direction.OUTBOUND);
        md.setInjection(injectedBy, null);
        md.setTimestampNanos(now);
        return classify(layer, data, md, out);
    }

    Result classify(Layer layer, LayerData data, MemoryMetadata md, ClassifyOut out) {
        IncomingValues values = values(layer, data);
        NatLayerCallout callout = callout(layer);
        Filter filter = Filter.of("nat " + layer, layer,
                FilterAction.calloutTerminating(java.util.UUID.fromString(callout.key()))).withFlags(filterFlags);
        Object context = md.flowHandle() == 0 ? null : flows.context(md.flowHandle(), layer, callout.calloutId());
        injector.takeAll();
        callout.classify(values, md, data, filter, context, out);
        return new Result(out.actionType(), out.isAbsorb(), out.hasWriteRight(), injector.takeAll());
    }

    /** The values a shim fills at a transport layer (the callout reads the packet itself; this is realism). */
    private static IncomingValues values(Layer layer, LayerData data) {
        MemoryIncomingValues v = new MemoryIncomingValues(layer);
        byte[] b = data.array();
        int ip = data.networkOffset();
        if ((b[ip] & 0xF0) != 0x40) {
            return v;
        }
        boolean inbound = layer.name().startsWith("INBOUND");
        int src = PacketView.get32(b, ip + 12);
        int dst = PacketView.get32(b, ip + 16);
        v.setLong(layer.indexOf(Field.IP_PROTOCOL), b[ip + 9] & 0xFF);
        v.setLong(layer.indexOf(Field.IP_LOCAL_ADDRESS), Integer.toUnsignedLong(inbound ? dst : src));
        v.setLong(layer.indexOf(Field.IP_REMOTE_ADDRESS), Integer.toUnsignedLong(inbound ? src : dst));
        return v;
    }
}
