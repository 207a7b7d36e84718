package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.ProviderContext;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;
import weir.engine.core.classify.Weights;

/**
 * FwpmFilterAdd0's checks (spec §1.1, §2, §3, rule 12, D12): each rejection carries the right error and a
 * one-line message that names the filter, and leaves nothing behind.
 */
class FilterValidationTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    private WfpException rejects(ErrorCode code, Filter f, String... inMessage) {
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(f));
        assertEquals(code, e.error(), e.getMessage());
        assertTrue(e.getMessage().startsWith(code.name() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String m : inMessage) {
            assertTrue(e.getMessage().contains(m), e.getMessage() + " lacks " + m);
        }
        assertTrue(s.filters().isEmpty(), "a rejected add leaves nothing behind");
        return e;
    }

    @Test
    void displayNameIsRequired() {
        UUID key = UUID.randomUUID();
        rejects(ErrorCode.NULL_DISPLAY_NAME, Filter.of(null, L, FilterAction.permit()).withKey(key),
                "filter " + key, "displayData.name");
        rejects(ErrorCode.NULL_DISPLAY_NAME, Filter.of(" ", L, FilterAction.permit()), "filter without a name");
    }

    @Test
    void unknownSublayerIsSublayerNotFound() {
        UUID k = UUID.randomUUID();
        rejects(ErrorCode.SUBLAYER_NOT_FOUND, permit("ssh", L).withSubLayer(k), "filter 'ssh'", "subLayerKey " + k);
    }

    @Test
    void unknownProviderIsProviderNotFound() {
        rejects(ErrorCode.PROVIDER_NOT_FOUND, permit("ssh", L).withProvider(UUID.randomUUID(), null),
                "filter 'ssh'", "providerKey");
    }

    @Test
    void nonFilterActionIsInvalidActionType() {
        for (ActionType a : new ActionType[] {ActionType.CONTINUE, ActionType.NONE, ActionType.NONE_NO_MATCH}) {
            rejects(ErrorCode.INVALID_ACTION_TYPE, Filter.of("odd", L, new FilterAction(a, null)), "filter 'odd'",
                    a.name());
        }
    }

    @Test
    void d12_calloutActionWithoutCalloutObjectIsCalloutNotFound() {
        UUID k = UUID.randomUUID();
        rejects(ErrorCode.CALLOUT_NOT_FOUND, Filter.of("inspect", L, FilterAction.calloutInspection(k)),
                "filter 'inspect'", "action.calloutKey " + k);
        rejects(ErrorCode.CALLOUT_NOT_FOUND, Filter.of("no key", L, new FilterAction(ActionType.CALLOUT_UNKNOWN, null)),
                "filter 'no key'", "no calloutKey");
    }

    @Test
    void calloutOfAnotherLayerIsActionIncompatibleWithLayer() {
        CalloutObject c = s.addCallout(callout("v6 only", Layer.INBOUND_TRANSPORT_V6));
        rejects(ErrorCode.ACTION_INCOMPATIBLE_WITH_LAYER,
                Filter.of("wrong layer", L, FilterAction.calloutTerminating(c.calloutKey())), "filter 'wrong layer'",
                "INBOUND_TRANSPORT_V6", "INBOUND_TRANSPORT_V4");
    }

    @Test
    void rule12_permitIfCalloutUnregisteredOnlyWithTerminatingOrUnknown() {
        CalloutObject c = s.addCallout(callout("c", L));
        rejects(ErrorCode.INVALID_FLAGS, permit("plain", L).withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED),
                "filter 'plain'", "PERMIT_IF_CALLOUT_UNREGISTERED", "PERMIT");
        rejects(ErrorCode.INVALID_FLAGS, Filter.of("inspection", L, FilterAction.calloutInspection(c.calloutKey()))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED), "filter 'inspection'", "CALLOUT_INSPECTION");
        s.addFilter(Filter.of("terminating", L, FilterAction.calloutTerminating(c.calloutKey()))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        s.addFilter(Filter.of("unknown", L, FilterAction.calloutUnknown(c.calloutKey()))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        assertEquals(2, s.filters().size());
    }

    @Test
    void providerContextFlagNeedsAnExistingProviderContext() {
        rejects(ErrorCode.PROVIDER_CONTEXT_NOT_FOUND, permit("ctx", L).withFlags(FilterFlag.HAS_PROVIDER_CONTEXT),
                "filter 'ctx'", "no providerContextKey");
        UUID k = UUID.randomUUID();
        rejects(ErrorCode.PROVIDER_CONTEXT_NOT_FOUND, permit("ctx", L).withFlags(FilterFlag.HAS_PROVIDER_CONTEXT)
                .withProviderContext(k), "filter 'ctx'", k.toString());
        rejects(ErrorCode.INVALID_FLAGS, permit("no flag", L).withProviderContext(UUID.randomUUID()),
                "filter 'no flag'", "HAS_PROVIDER_CONTEXT");
        ProviderContext c = s.addProviderContext(ProviderContext.of(null, "ctx", new byte[] {1, 2}));
        Filter f = s.addFilter(permit("ctx", L).withFlags(FilterFlag.HAS_PROVIDER_CONTEXT)
                .withProviderContext(c.providerContextKey()));
        assertEquals(c.providerContextKey(), f.providerContextKey());
    }

    @Test
    void boottimeWithPersistentIsInvalidFlagsAndBoottimeAloneNotSupported() {
        rejects(ErrorCode.INVALID_FLAGS, permit("boot", L).withFlags(FilterFlag.BOOTTIME, FilterFlag.PERSISTENT),
                "filter 'boot'", "BOOTTIME", "PERSISTENT");
        rejects(ErrorCode.NOT_SUPPORTED, permit("boot", L).withFlags(FilterFlag.BOOTTIME), "filter 'boot'");
    }

    @Test
    void duplicateKeyIsAlreadyExists() {
        Filter f = permit("first", L).withKey(UUID.randomUUID());
        s.addFilter(f);
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(f.withDisplayData(DisplayData.of("again"))));
        assertEquals(ErrorCode.ALREADY_EXISTS, e.error());
        assertTrue(e.getMessage().contains("filter 'again'"), e.getMessage());
    }

    @Test
    void conditionErrorsNameTheFilter() {
        rejects(ErrorCode.TYPE_MISMATCH, permit("ssh", L).withConditions(
                Condition.equal(Field.IP_LOCAL_PORT, Value.uint32(22))), "filter 'ssh'", "condition 1");
        rejects(ErrorCode.CONDITION_NOT_FOUND, permit("fwd", L).withConditions(
                Condition.equal(Field.IP_FORWARD_INTERFACE, Value.uint64(1))), "filter 'fwd'");
    }

    @Test
    void weightRangeAbove15IsInvalidWeightNamingTheFilter() {
        rejects(ErrorCode.INVALID_WEIGHT, permit("heavy", L).withWeight(Weight.range(16)), "filter 'heavy'", "16");
    }

    @Test
    void outputsAreFilledAndInputsOnlyOutputsIgnored() {
        Filter in = new Filter(null, DisplayData.of("outputs"), java.util.Set.of(FilterFlag.DISABLED), null, null, L,
                null, Weight.range(3), java.util.List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))),
                FilterAction.block(), 0L, null, 999L, 12345L);
        Filter out = s.addFilter(in);
        assertNotNull(out.filterKey(), "a null key is assigned");
        assertEquals(Layer.SUBLAYER_UNIVERSAL, out.subLayerKey());
        assertEquals(1L, out.filterId(), "filterIds are assigned from 1; the given one is ignored");
        assertEquals(Weights.effectiveWeight(L, Weight.range(3), in.conditions()), out.effectiveWeight());
        assertEquals(3L, out.effectiveWeight() >>> 60);
        assertFalse(out.has(FilterFlag.DISABLED), "DISABLED is an output only");
        assertEquals(out, s.filter(out.filterKey()).orElseThrow());
        assertEquals(out, s.filter(1L).orElseThrow());
    }

    @Test
    void filterIdsAreMonotonicAndNotReusedAfterAbortOrDelete() {
        Filter a = s.addFilter(permit("a", L));
        s.beginTransaction(false);
        Filter aborted = s.addFilter(permit("aborted", L));
        s.abort();
        s.deleteFilter(a.filterKey());
        Filter b = s.addFilter(permit("b", L));
        assertEquals(1L, a.filterId());
        assertEquals(2L, aborted.filterId());
        assertEquals(3L, b.filterId());
    }

    @Test
    void nonCalloutActionDropsAStrayCalloutKey() {
        Filter f = s.addFilter(Filter.of("permit", L, new FilterAction(ActionType.PERMIT, UUID.randomUUID())));
        assertEquals(FilterAction.permit(), f.action());
    }
}
