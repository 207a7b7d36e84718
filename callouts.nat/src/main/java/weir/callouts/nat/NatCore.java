package weir.callouts.nat;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import weir.engine.api.ActionType;
import weir.engine.api.Filter;
import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;
import weir.engine.api.PacketInjector;

/**
 * What the two NAT callouts share: the mapping table, the rules, the injector, the counters and the clock. The
 * clock is capture time (the packets' own timestamps), so hold times run as the capture says, also in a replay
 * that takes a second for an hour of traffic.
 */
@Component(service = NatCore.class, configurationPid = NatCore.PID)
@Designate(ocd = NatConfig.class)
public final class NatCore {
    static final String PID = "weir.nat";
    private static final int INITIAL_MAPPINGS = 1024;

    /** The injector and this bundle's handle with it, swapped as one so that a classify never mixes two. */
    record Injection(PacketInjector injector, Object handle) {
    }

    private final RuleBook rules;
    private final MappingTable table;
    private final NatStatistics stats = new NatStatistics();
    private final Translator translator;
    private final int holdSeconds;
    private final MappingTable.PortReturn ports;
    private final List<String> refusedFilters = new ArrayList<>();
    private volatile Injection injection;
    /** Newest capture time seen, in seconds (0 before the first packet). */
    private volatile int clock;
    private int lastReap;

    @Activate
    public NatCore(@Reference FlowContexts flows, @Reference RuleBook rules, NatConfig config) {
        this.rules = rules;
        this.holdSeconds = Math.max(0, config.holdSeconds());
        int max = Math.max(1, Math.min(config.maxMappings(), MappingTable.MAX_CAPACITY));
        this.table = new MappingTable(Math.min(INITIAL_MAPPINGS, max), max);
        this.ports = (serial, protocol, port) -> {
            stats.add(NatCounter.MAPPINGS_FREED);
            NatRule r = rules.bySerial(serial);
            if (r != null) {
                r.free(protocol, port);
            }
        };
        this.translator = new Translator(this, flows, rules, table, stats);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindInjector(PacketInjector injector) {
        injection = new Injection(injector, injector.createHandle("weir.nat"));
    }

    void unbindInjector(PacketInjector injector) {
        Injection i = injection;
        if (i != null && i.injector == injector) {
            injection = null;
        }
    }

    /** The callouts are gone (their flowDeletes have run): every mapping ends and every port is free. */
    @Deactivate
    void deactivate() {
        table.clear(ports);
    }

    Injection injection() {
        return injection;
    }

    Translator translator() {
        return translator;
    }

    /**
     * A packet's capture time moves the clock on (never back); once per capture second, mappings whose hold
     * time has passed are freed. Returns the clock, in seconds.
     */
    int tick(long timestampNanos) {
        int now = clock;
        // without a capture time (a source that gives none) the wall clock stands in
        int t = (int) ((timestampNanos > 0 ? timestampNanos : System.currentTimeMillis() * 1_000_000L)
                / 1_000_000_000L);
        if (Integer.compareUnsigned(t, now) > 0) {
            clock = t;
            now = t;
        }
        if (now != lastReap) {
            lastReap = now;
            table.reap(now, holdSeconds, ports);
        }
        return now;
    }

    /** Frees the mappings whose hold time has passed as of {@code now}; how many. */
    int reap(int now) {
        return table.reap(now, holdSeconds, ports);
    }

    int now() {
        return clock;
    }

    int holdSeconds() {
        return holdSeconds;
    }

    /**
     * The check both callouts' notify makes: a filter must be CALLOUT_TERMINATING (an inspection callout's BLOCK
     * turns into CONTINUE, so the untranslated original would leave beside the copy) and at the layer of the
     * key it names. Null when fine, else the reason, which is also kept for {@code nat:status}.
     */
    String refusal(Filter filter, Layer layer, String key) {
        String why = null;
        if (filter.layer() != layer) {
            why = "is at " + filter.layer() + ", but callout " + key + " is for " + layer + "; name "
                    + (layer == Layer.INBOUND_TRANSPORT_V4 ? NatOutboundCallout.KEY + " at OUTBOUND_TRANSPORT_V4"
                            : NatInboundCallout.KEY + " at INBOUND_TRANSPORT_V4")
                    + " there instead (callouts.nat/nat.json places both)";
        } else if (filter.action().type() != ActionType.CALLOUT_TERMINATING) {
            why = "is " + filter.action().type() + "; use CALLOUT_TERMINATING (the callout absorbs the original "
                    + "and sends the translated copy; anything else could let the original out too)";
        }
        if (why != null) {
            String line = "filter '" + filter.name() + "' refused: it " + why;
            synchronized (refusedFilters) {
                refusedFilters.add(line);
            }
            return line;
        }
        return null;
    }

    // ---- views for the shell and tests ----

    MappingTable table() {
        return table;
    }

    RuleBook rules() {
        return rules;
    }

    long count(NatCounter c) {
        return stats.get(c);
    }

    List<String> refusedFilters() {
        synchronized (refusedFilters) {
            return new ArrayList<>(refusedFilters);
        }
    }
}
