package weir.engine.core.shell;

import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.Echo;

/** {@code wfp:sublayer-add NAME}. */
final class SubLayerAddCommand extends Command {
    private final Shell shell;

    SubLayerAddCommand(Shell shell) {
        super("sublayer-add", "sublayerAdd");
        this.shell = shell;
    }

    @Descriptor("add a sublayer (it exists in every layer; higher weights are evaluated first)")
    public SubLayerList.Row sublayerAdd(CommandSession session,
            @Descriptor("0..65535") @Arg("N") @Parameter(names = {"-w", "--weight"}, absentValue = "0") int weight,
            @Descriptor("the sublayer's key (default: a new one)") @Arg("GUID")
            @Parameter(names = {"--key"}, absentValue = "") String key,
            @Descriptor("the provider (key or name)") @Arg(value = "PROVIDER", complete = Completion.PROVIDER)
            @Parameter(names = {"--provider"}, absentValue = "") String provider,
            @Descriptor("the description") @Arg("TEXT")
            @Parameter(names = {"--description"}, absentValue = "") String description,
            @Descriptor("keep it across restarts (FWPM_SUBLAYER_FLAG_PERSISTENT)")
            @Parameter(names = {"--persistent"}, presentValue = "true", absentValue = "false") boolean persistent,
            @Descriptor("the display name") @Arg("NAME") String name) {
        if (weight < 0 || weight > 0xFFFF) {
            throw error("--weight " + weight + " is out of range: a sublayer weight is UINT16 (0..65535)");
        }
        EngineSession s = shell.session(session);
        UUID k = null;
        if (!key.isEmpty()) {
            k = Lookup.guid(key);
            if (k == null) {
                throw error("--key '" + Echo.of(key) + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            }
        }
        UUID p = provider.isEmpty() ? null : Lookup.provider(s, provider).providerKey();
        SubLayer added = s.addSubLayer(new SubLayer(k, new DisplayData(name, description), persistent, p, null,
                weight));
        return SubLayersCommand.row(added, 0, new Catalog(s));
    }

    @Override
    String notes() {
        return "example: wfp:sublayer-add --weight 4096 lan";
    }
}
