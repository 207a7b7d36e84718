package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.EngineSession;
import weir.engine.api.SubLayer;

/** {@code wfp:sublayer-delete KEY|NAME}. */
final class SubLayerDeleteCommand extends Command {
    private final Shell shell;

    SubLayerDeleteCommand(Shell shell) {
        super("sublayer-delete", "sublayerDelete");
        this.shell = shell;
    }

    @Descriptor("delete a sublayer (IN_USE while filters are in it)")
    public Deleted sublayerDelete(CommandSession session,
            @Descriptor("the sublayer's key or name") @Arg(value = "KEY|NAME", complete = Completion.SUBLAYER)
            String subLayer) {
        EngineSession s = shell.session(session);
        SubLayer sl = Lookup.subLayer(s, subLayer);
        s.deleteSubLayer(sl.subLayerKey());
        return new Deleted("sublayer", sl.subLayerKey().toString(), 0, sl.name());
    }
}
