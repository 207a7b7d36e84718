package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.core.policy.PolicyExporter;

/**
 * {@code wfp:show}: the whole ruleset on standard output, as a policy file that imports back whole (nft's
 * {@code list ruleset}); the same as {@code wfp:policy-export -}.
 */
final class ShowCommand extends Command {
    private final Shell shell;

    ShowCommand(Shell shell) {
        super("show", "show");
        this.shell = shell;
    }

    @Descriptor("print the whole ruleset as a policy file that imports back (wfp:policy-export -)")
    public PolicyText show(CommandSession session) {
        return new PolicyText(PolicyExporter.export(shell.session(session)));
    }

    @Override
    String notes() {
        return "Every provider, sublayer, callout object and filter but the built-in ones, as JSON that\n"
                + "wfp:policy-import or java -jar weir.jar --policy FILE reads back to the same objects:\n"
                + "  java -jar weir.jar -c wfp:show > ruleset.json";
    }
}
