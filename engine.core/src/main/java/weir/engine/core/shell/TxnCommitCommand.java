package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

/** {@code wfp:txn-commit}. */
final class TxnCommitCommand extends Command {
    private final Shell shell;

    TxnCommitCommand(Shell shell) {
        super("txn-commit", "txnCommit");
        this.shell = shell;
    }

    @Descriptor("commit this shell's transaction: its changes reach classification all at once")
    public Status txnCommit(CommandSession session) {
        shell.session(session).commit();
        return new Status("transaction committed");
    }
}
