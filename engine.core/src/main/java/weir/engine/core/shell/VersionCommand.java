package weir.engine.core.shell;

import org.apache.felix.service.command.Descriptor;

/** {@code wfp:version}: which engine bundle is running. */
final class VersionCommand extends Command {
    private final String version;

    VersionCommand(String bundleVersion) {
        super("version", "version");
        this.version = "weir.engine.core " + bundleVersion;
    }

    @Descriptor("print the version of the running engine bundle")
    public String version() {
        return version;
    }
}
