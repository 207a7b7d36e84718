package weir.engine.core.shell;

import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.CalloutRuntime;

/** {@code wfp:callout-reset KEY}: lifts a quarantine (D13). */
final class CalloutResetCommand extends Command {
    private final Shell shell;

    CalloutResetCommand(Shell shell) {
        super("callout-reset", "calloutReset");
        this.shell = shell;
    }

    @Descriptor("release a quarantined callout (D13) and clear its consecutive-failure count")
    public Status calloutReset(CommandSession session,
            @Descriptor("the callout's key or name") @Arg(value = "KEY", complete = Completion.CALLOUT)
            String callout) {
        CalloutRuntime rt = shell.calloutRuntime();
        if (rt == null) {
            throw error("NOT_SUPPORTED: the callout runtime service is not running, so there is no quarantine to"
                    + " lift");
        }
        UUID key = Lookup.calloutKey(shell.session(session), rt, callout);
        rt.reset(key);
        return new Status("callout " + key + " reset: it is called again, with no failures counted");
    }
}
