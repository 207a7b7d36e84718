package weir.engine.core;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code wfp:version} command: which engine bundle is running. */
@Component(service = EngineInfo.class, property = {"osgi.command.scope=wfp", "osgi.command.function=version"})
public final class EngineInfo {
    private final String version;

    @Activate
    public EngineInfo(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    /** The running engine's bundle version. */
    public String version() {
        return "weir.engine.core " + version;
    }
}
