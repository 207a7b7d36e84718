package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutView;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;

/** {@code wfp:flows}: what the flow table holds. */
final class FlowsCommand extends Command {
    private final Shell shell;

    FlowsCommand(Shell shell) {
        super("flows", "flows");
        this.shell = shell;
    }

    @Descriptor("show the open flows (the flow table that flow contexts hang on)")
    public FlowView flows(CommandSession session) {
        List<String> layers = new ArrayList<>();
        for (Layer l : Layer.values()) {
            if (l.hasFlows() && l.ipVersion() == IpVersion.V4) {
                layers.add(l.baseName());
            }
        }
        List<String> callouts = new ArrayList<>();
        CalloutRuntime rt = shell.calloutRuntime();
        if (rt != null) {
            for (CalloutView v : rt.callouts()) {
                if (v.calloutId() != 0 && v.applicableLayer() != null && v.applicableLayer().hasFlows()) {
                    callouts.add(v.name().isEmpty() ? v.calloutKey().toString() : v.name());
                }
            }
        }
        return new FlowView(shell.flows().openFlows(), layers, callouts);
    }
}
