package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/** {@code wfp:txn-begin}: opens this shell's transaction. */
final class TxnBeginCommand extends Command {
    private final Shell shell;

    TxnBeginCommand(Shell shell) {
        super("txn-begin", "txnBegin");
        this.shell = shell;
    }

    @Descriptor("begin a transaction in this shell's session: changes apply together at wfp:txn-commit")
    public Status txnBegin(CommandSession session,
            @Descriptor("read only: a consistent view, no changes")
            @Parameter(names = {"--read-only"}, presentValue = "true", absentValue = "false") boolean readOnly) {
        shell.session(session).beginTransaction(readOnly);
        return new Status("transaction open (" + (readOnly ? "read-only" : "read-write")
                + "): wfp:txn-commit applies it, wfp:txn-abort drops it");
    }

    @Override
    String notes() {
        return "A read-write transaction holds the engine's writer lock until it ends: other sessions' changes\n"
                + "wait for it (up to 15 s). Closing the shell aborts a transaction left open.";
    }
}
