package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/** Values a Java caller can build that no policy or shell can: refused with WFP's error, never a dead engine. */
class HostileApiTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void aRangeNestedAHundredThousandDeepIsATypeMismatch() {
        Value v = Value.uint16(1);
        for (int i = 0; i < 100_000; i++) {
            v = new Value.Range(v, Value.uint16(2));
        }
        Condition c = new Condition(Field.IP_LOCAL_PORT, MatchType.RANGE, v);
        WfpException e = assertThrows(WfpException.class,
                () -> s.addFilter(permit("deep", Layer.INBOUND_TRANSPORT_V4).withConditions(c)));
        assertTrue(e.error() == ErrorCode.TYPE_MISMATCH || e.error() == ErrorCode.INVALID_RANGE, e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "one short line");
        assertEquals(0, s.filters().size());
        s.addFilter(permit("alive", Layer.INBOUND_TRANSPORT_V4));
        assertEquals(1, s.filters().size());
    }
}
