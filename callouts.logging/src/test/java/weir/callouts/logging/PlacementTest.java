package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyImporter;

/**
 * flow-log.json places the six callouts in the real engine: one callout object and one CALLOUT_INSPECTION filter
 * per layer of README.md's table; and the engine refuses, through the callouts' notify, a filter they cannot
 * honour.
 */
class PlacementTest {
    @TempDir
    Path data;

    private final FlowTable flows = new FlowTable();
    private final CalloutTable callouts = new CalloutTable(flows);
    private final NetEventLog events = new NetEventLog();
    private final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, new EngineStatistics());
    private final BaseFilteringEngine engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts,
            events, new EngineStatistics(), null, EngineLog.system());

    @AfterEach
    void close() {
        engine.close();
        events.close();
    }

    @Test
    void flowLogJsonPlacesEveryCalloutAtItsLayer() throws Exception {
        try (EngineSession s = engine.open(SessionOptions.named("placement"))) {
            PolicyImporter.apply(s, PolicyFile.read(Path.of("flow-log.json")));
            List<CalloutObject> objects = s.callouts();
            assertEquals(6, objects.size());
            for (CalloutObject o : objects) {
                assertEquals(FlowLogKeys.TABLE.get(o.applicableLayer().name()), o.calloutKey().toString(), o.name());
            }
            List<Filter> filters = s.filters(FilterEnumTemplate.all());
            assertEquals(6, filters.size());
            for (Filter f : filters) {
                assertEquals(ActionType.CALLOUT_INSPECTION, f.action().type());
                assertEquals(FlowLogKeys.TABLE.get(f.layer().name()), f.action().calloutKey().toString());
                assertEquals(List.of(), f.conditions(), "every packet");
            }
        }
    }

    @Test
    void theEngineRefusesAFilterTheCalloutsCannotHonour() {
        try (Wire wire = new Wire(data, new Config())) {
            UUID in4 = UUID.fromString(FlowLogKeys.TABLE.get("INBOUND_TRANSPORT_V4"));
            callouts.register(in4, wire.callouts.get(Layer.INBOUND_TRANSPORT_V4), null);
            try (EngineSession s = engine.open(SessionOptions.named("placement"))) {
                s.addCallout(CalloutObject.of(in4, "flow log: INBOUND_TRANSPORT_V4", Layer.INBOUND_TRANSPORT_V4));
                WfpException e = assertThrows(WfpException.class, () -> s.addFilter(Filter.of("terminating",
                        Layer.INBOUND_TRANSPORT_V4, FilterAction.calloutTerminating(in4))));
                assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, e.error());
                s.addFilter(Filter.of("inspection", Layer.INBOUND_TRANSPORT_V4, FilterAction.calloutInspection(in4)));
            }
        }
    }
}
