package weir.engine.core.shell;

import java.util.List;

/**
 * What {@code wfp:flows} returns: the flows the engine's flow table holds open (a shim opens one when it first
 * sees a flow and closes it when the flow ends, calling each callout's flowDelete for its context), and the
 * layers where flows and their contexts exist.
 */
public record FlowView(int openFlows, List<String> flowLayers, List<String> flowLayerCallouts)
        implements Printable {

    @Override
    public String inspect() {
        StringBuilder b = new StringBuilder(Texts.count(openFlows, "open flow"));
        b.append("\nflows exist at: ").append(String.join(", ", flowLayers));
        if (!flowLayerCallouts.isEmpty()) {
            b.append("\ncallouts registered at flow layers (they may keep flow contexts): ")
                    .append(String.join(", ", flowLayerCallouts));
        }
        return b.toString();
    }

    @Override
    public String line() {
        return Texts.count(openFlows, "open flow");
    }
}
