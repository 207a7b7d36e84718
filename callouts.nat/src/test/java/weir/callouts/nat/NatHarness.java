package weir.callouts.nat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.UUID;

import weir.engine.api.ClassifyOut;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.testing.TestBridge;
import weir.engine.testing.TestFlowContexts;
import weir.engine.testing.TestInjector;

/**
 * The nat callouts wired on the test kit as SCR and the engine wire them: one {@link NatCore} with a rule book,
 * the inbound and the outbound callout registered in the kit's flow table and placed by their filters on a
 * {@link TestBridge} (the inside is NAT's inside), and, unless told otherwise, the kit's injector bound.
 */
final class NatHarness {
    final RuleBook rules = new RuleBook();
    final TestFlowContexts flows = new TestFlowContexts();
    final TestInjector injector = new TestInjector();
    final TestBridge bridge = new TestBridge(flows, injector);
    final NatCore core;
    final NatOutboundCallout outbound;
    final NatInboundCallout inbound;
    /** The callouts' injection handle, or null without an injector. */
    final Object handle;

    NatHarness() {
        this(true, 30, 1_000_000);
    }

    NatHarness(boolean withInjector) {
        this(withInjector, 30, 1_000_000);
    }

    NatHarness(boolean withInjector, int holdSeconds, int maxMappings) {
        core = new NatCore(flows, rules, config(holdSeconds, maxMappings));
        outbound = new NatOutboundCallout(core);
        flows.register(outbound);
        inbound = new NatInboundCallout(core);
        flows.register(inbound);
        filterFlags();
        if (withInjector) {
            core.bindInjector(injector);
            handle = injector.handles().get(0);
        } else {
            handle = null;
        }
    }

    /** Places both callouts again with filters carrying these flags (e.g. CLEAR_ACTION_RIGHT). */
    void filterFlags(FilterFlag... flags) {
        bridge.place(outbound.calloutId(), filter(outbound).withFlags(flags));
        bridge.place(inbound.calloutId(), filter(inbound).withFlags(flags));
    }

    /** The filter nat.json places for a callout: CALLOUT_TERMINATING at its layer. */
    static Filter filter(NatLayerCallout callout) {
        return Filter.of("nat " + callout.layer(), callout.layer(),
                FilterAction.calloutTerminating(UUID.fromString(callout.key())));
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

    /** Capture time passes. */
    void advanceSeconds(long seconds) {
        bridge.after(Duration.ofSeconds(seconds));
    }

    /** One IP packet at one layer, from the wire, as the engine hands it to that layer's nat callout. */
    TestBridge.Outcome classify(Layer layer, byte[] packet, long flow) {
        return bridge.classify(layer, packet, flow);
    }

    TestBridge.Outcome classify(Layer layer, LayerData data, long flow, Object injectedBy, ClassifyOut out) {
        return bridge.classify(layer, data, flow, injectedBy, out);
    }
}
