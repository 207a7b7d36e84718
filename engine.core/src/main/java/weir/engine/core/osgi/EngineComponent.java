package weir.engine.core.osgi;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
import weir.engine.core.mgmt.persist.StoreDamagedException;
import weir.engine.core.mgmt.persist.StoreFile;
import weir.engine.core.mgmt.persist.StoreOptions;

/**
 * Owns the engine: the flow table, the callout table, the net event log, the statistics, the classifier and
 * the management side with its store. Immediate, so the persistent filters are enforced from the moment the
 * bundle starts, before anyone asks for a service. The public services (Classifier, FlowContexts, and the
 * bundle-scoped FilterEngine and CalloutRegistry) are small components that get this one injected.
 *
 * <p>Fail closed: this component registers itself as a service (and so makes those services possible) only
 * at the end of a complete start: the store loaded whole (or recovered, when the operator asked with
 * {@code --recover-store}, framework property {@value #RECOVER_PROPERTY}) and the start policy imported. When
 * either fails, it says why on standard error, asks the launcher to end Weir (exit 1 for the store, 2 for a
 * bad policy), and registers nothing: no Classifier exists, so no packet source can start and no packet is
 * classified under less policy than was committed or asked for.
 *
 * <p>The store lives in {@code <weir.data>/engine/} (framework property {@code weir.data}, set by the
 * launcher), or in the bundle's persistent data area when that property is absent.
 */
@Component(immediate = true, service = {}, configurationPid = EngineComponent.PID)
// registered by hand (see above), so the capability that the services built on it require is declared here
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=weir.engine.core.osgi.EngineComponent")
@Designate(ocd = EngineConfig.class)
public final class EngineComponent {
    static final String PID = "weir.engine";
    static final String DATA_PROPERTY = "weir.data";
    static final String RECOVER_PROPERTY = "weir.store.recover";
    static final String COMPACT_PROPERTY = "weir.store.compactRecords";

    private final EngineLog log;
    private final FlowTable flows;
    private final CalloutTable callouts;
    private final NetEventLog netEvents;
    private final ClassifierImpl classifier;
    /** Null when the start was refused. */
    private final BaseFilteringEngine engine;
    private final ServiceRegistration<EngineComponent> registration;

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
        PrintStream err = System.err;
        BaseFilteringEngine e = start(context, config, statistics, err);
        if (e != null && !StartPolicy.apply(context, e, log, err)) {
            e.close();
            e = null;
        }
        this.engine = e;
        this.registration = e == null ? null : context.registerService(EngineComponent.class, this, null);
    }

    /** Builds the engine on its store; null when the store refused the start (the line is printed). */
    private BaseFilteringEngine start(BundleContext context, EngineConfig config, EngineStatistics statistics,
            PrintStream err) {
        boolean recover = Boolean.parseBoolean(context.getProperty(RECOVER_PROPERTY));
        BaseFilteringEngine e;
        try {
            e = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, netEvents, statistics,
                    storeFolder(context), new StoreOptions(recover, compactRecords(context)), log);
        } catch (StoreDamagedException damaged) {
            err.println("weir: " + damaged.getMessage());
            err.flush();
            WeirExit.request(context, WeirExit.FAILED, log);
            return null;
        }
        for (String line : e.storeNotices()) {
            err.println("weir: " + line);
        }
        for (String line : e.storeRecovery()) {
            err.println("weir: " + StoreDamagedException.RECOVER_OPTION + ": " + line);
        }
        if (recover && e.storeRecovery().isEmpty()) {
            err.println("weir: " + StoreDamagedException.RECOVER_OPTION + ": the engine store is whole; nothing was"
                    + " recovered");
        }
        err.flush();
        e.setOptions(EngineOptionsConfig.toOptions(config, log));
        return e;
    }

    /**
     * Journal records between compactions: framework or system property {@value #COMPACT_PROPERTY}, for tests
     * that want compactions often (the crash test); the default suits everyone else.
     */
    private int compactRecords(BundleContext context) {
        String v = context.getProperty(COMPACT_PROPERTY);
        if (v != null) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ex) {
                // below
            }
            log.warn("weir: " + COMPACT_PROPERTY + "=" + v + " is not a positive number; using "
                    + StoreFile.COMPACT_RECORDS);
        }
        return StoreFile.COMPACT_RECORDS;
    }

    @Modified
    void modified(EngineConfig config) {
        if (engine != null) {
            engine.setOptions(EngineOptionsConfig.toOptions(config, log));
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister(); // the services built on this one go first
            } catch (IllegalStateException e) {
                // unregistered with the bundle already
            }
        }
        if (engine != null) {
            engine.close();
        }
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
