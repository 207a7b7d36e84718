package weir.engine.core.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.EngineSession;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.policy.PolicyExporter;

/**
 * {@code wfp:policy-export FILE}: the engine's objects as a policy file that imports back to them; {@code -}
 * means standard output (as {@code wfp:show}), never a file of that name.
 */
final class PolicyExportCommand extends Command {
    private final Shell shell;

    PolicyExportCommand(Shell shell) {
        super("policy-export", "policyExport");
        this.shell = shell;
    }

    @Descriptor("write every provider, sublayer, callout object and filter to a policy file that imports back")
    public Printable policyExport(CommandSession session,
            @Descriptor("the file to write (replaced if it exists); - for standard output")
            @Arg(value = "FILE", complete = Completion.FILE) String file) {
        EngineSession s = shell.session(session);
        String text = PolicyExporter.export(s);
        if (file.equals("-")) {
            return new PolicyText(text);
        }
        Path path = PolicyImportCommand.resolve(session, file);
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error("policy " + file + ": cannot write it: " + Texts.ioProblem(e, path));
        }
        int subLayers = 0;
        for (SubLayer sl : s.subLayers()) {
            subLayers += Layer.SUBLAYER_UNIVERSAL.equals(sl.subLayerKey()) ? 0 : 1; // built in: not exported
        }
        return new PolicyResult(file, false, s.providers().size(), subLayers, s.callouts().size(),
                s.filters().size());
    }

    @Override
    String notes() {
        return "FILE is relative to the shell's current folder; - prints the file on standard output instead\n"
                + "(the same as wfp:show): java -jar weir.jar -c 'wfp:policy-export -' > ruleset.json";
    }
}
