package weir.engine.core.osgi;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;

/**
 * Owns the engine: the flow table, the callout table, the net event log, the statistics, the classifier and
 * the management side with its store. Immediate, so the persistent filters are enforced from the moment the
 * bundle starts, before anyone asks for a service. The public services (Classifier, FlowContexts, and the
 * bundle-scoped FilterEngine and CalloutRegistry) are small components that get this one injected.
 *
 * <p>The store lives in {@code <weir.data>/engine/} (framework property {@code weir.data}, set by the
 * launcher), or in the bundle's persistent data area when that property is absent.
 */
@Component(immediate = true, service = EngineComponent.class, configurationPid = EngineComponent.PID)
@Designate(ocd = EngineConfig.class)
public final class EngineComponent {
    static final String PID = "weir.engine";
    static final String DATA_PROPERTY = "weir.data";

    private final EngineLog log;
    private final FlowTable flows;
    private final CalloutTable callouts;
    private final NetEventLog netEvents;
    private final ClassifierImpl classifier;
    private final BaseFilteringEngine engine;

    @Activate
    public EngineComponent(BundleContext context, EngineConfig config,
            @Reference(name = "loggerFactory", cardinality = ReferenceCardinality.OPTIONAL) LoggerFactory loggers) {
        this.log = new OsgiEngineLog(loggers);
        this.flows = new FlowTable();
        this.callouts = new CalloutTable(flows);
        callouts.setWarnings(log::warn);
        this.netEvents = new NetEventLog();
        EngineStatistics statistics = new EngineStatistics();
        this.classifier = new ClassifierImpl(callouts, flows, netEvents, statistics);
        this.engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, netEvents, statistics,
                storeFolder(context), log);
        engine.setOptions(EngineOptionsConfig.toOptions(config, log));
        StartPolicy.apply(context, engine, log, System.out, System.err);
    }

    @Modified
    void modified(EngineConfig config) {
        engine.setOptions(EngineOptionsConfig.toOptions(config, log));
    }

    @Deactivate
    void deactivate() {
        engine.close();
        netEvents.close();
    }

    private Path storeFolder(BundleContext context) {
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) {
            return Path.of(data, "engine");
        }
        File f = context.getDataFile("engine");
        if (f == null) {
            log.warn("weir: no data folder (framework property " + DATA_PROPERTY + " is unset and the framework has"
                    + " no bundle data area); persistent objects are kept in memory only");
            return null;
        }
        return f.toPath();
    }

    EngineLog log() {
        return log;
    }

    BaseFilteringEngine engine() {
        return engine;
    }

    ClassifierImpl classifier() {
        return classifier;
    }

    CalloutTable callouts() {
        return callouts;
    }

    FlowTable flows() {
        return flows;
    }
}
