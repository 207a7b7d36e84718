package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.engine.api.ActionType;
import weir.engine.api.Decision;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;

/** Spec §4's truth table: two sublayers A (higher) and B (lower), one matching filter each. */
class TruthTableTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    /** Adds the filter that a table cell names; returns its id or 0. */
    private static long add(TestEngine e, String cell, UUID subLayer) {
        Filter f;
        switch (cell) {
            case "none":
                return 0;
            case "soft PERMIT":
            case "PERMIT":
                f = Filter.of(cell, L, FilterAction.permit());
                break;
            case "hard PERMIT":
                f = Filter.of(cell, L, FilterAction.permit()).withFlags(FilterFlag.CLEAR_ACTION_RIGHT);
                break;
            case "static BLOCK":
                f = Filter.of(cell, L, FilterAction.block());
                break;
            case "callout BLOCK":
            case "soft BLOCK (callout, right kept)":
            case "hard BLOCK (callout cleared right)": {
                UUID k = UUID.randomUUID();
                TestCallout c = TestCallout.returning(ActionType.BLOCK);
                e.callouts.register(k, cell.startsWith("hard") ? c.clearingRight() : c, null);
                f = Filter.of(cell, L, FilterAction.calloutTerminating(k));
                break;
            }
            case "anything: callout PERMIT": {
                UUID k = UUID.randomUUID();
                e.callouts.register(k, TestCallout.returning(ActionType.PERMIT), null);
                f = Filter.of(cell, L, FilterAction.calloutTerminating(k));
                break;
            }
            default:
                throw new IllegalArgumentException(cell);
        }
        return e.add(f, subLayer).filterId();
    }

    @ParameterizedTest(name = "{0} then {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "soft PERMIT                       | static BLOCK             | BLOCK  | true  | false | B",
        "soft PERMIT                       | soft PERMIT              | PERMIT | false | false | B",
        "hard PERMIT                       | static BLOCK             | PERMIT | true  | false | A",
        "hard PERMIT                       | callout BLOCK            | BLOCK  | true  | true  | B",
        "soft BLOCK (callout, right kept)  | PERMIT                   | PERMIT | false | false | B",
        "static BLOCK                      | anything: callout PERMIT | BLOCK  | true  | false | A",
        "hard BLOCK (callout cleared right)| PERMIT                   | BLOCK  | true  | false | A",
        "none                              | none                     | PERMIT | false | false | -",
    })
    void truthTable(String a, String b, ActionType action, boolean hard, boolean vetoed, String decider) {
        TestEngine e = new TestEngine(L);
        UUID high = e.subLayer(2);
        UUID low = e.subLayer(1);
        long idA = add(e, a, high);
        long idB = add(e, b, low);
        Decision d = e.classify();
        assertEquals(action, d.action());
        assertEquals(hard, d.hard());
        assertEquals(vetoed, d.vetoed());
        assertEquals(decider.equals("A") ? idA : decider.equals("B") ? idB : 0, d.filterId());
    }
}
