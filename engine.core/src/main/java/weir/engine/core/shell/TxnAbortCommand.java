package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

/** {@code wfp:txn-abort}. */
final class TxnAbortCommand extends Command {
    private final Shell shell;

    TxnAbortCommand(Shell shell) {
        super("txn-abort", "txnAbort");
        this.shell = shell;
    }

    @Descriptor("abort this shell's transaction: everything since wfp:txn-begin is dropped")
    public Status txnAbort(CommandSession session) {
        shell.session(session).abort();
        return new Status("transaction aborted: nothing of it was applied");
    }
}
