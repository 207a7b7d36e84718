package weir.engine.core.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.core.policy.Policy;
import weir.engine.core.policy.PolicyError;
import weir.engine.core.policy.PolicyException;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyImporter;

/** {@code wfp:policy-import FILE}: a policy file as one transaction, all or nothing. */
final class PolicyImportCommand extends Command {
    private final Shell shell;

    PolicyImportCommand(Shell shell) {
        super("policy-import", "policyImport");
        this.shell = shell;
    }

    @Descriptor("import a policy file (JSON) as one transaction: every object of it, or none")
    public PolicyResult policyImport(CommandSession session,
            @Descriptor("the policy file (relative to the shell's current folder)")
            @Arg(value = "FILE", complete = Completion.FILE) String file) {
        Path path = resolve(session, file);
        byte[] bytes;
        try {
            if (Files.size(path) > PolicyFile.MAX_BYTES) {
                throw error("policy " + file + ": " + Files.size(path) + " bytes; a policy file has at most "
                        + PolicyFile.MAX_BYTES + " (is it the right file?)");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw error("policy " + file + ": cannot read it: " + Texts.ioProblem(e, path));
        }
        try {
            // the bytes, not a String: the policy reader names the LINE:COL of a byte that is not UTF-8
            Policy p = PolicyFile.parse(file, bytes);
            PolicyImporter.Result r = PolicyImporter.apply(shell.session(session), p);
            return new PolicyResult(file, true, r.providers().size(), r.subLayers().size(), r.callouts().size(),
                    r.filters().size());
        } catch (PolicyException e) {
            // every error on its own FILE:LINE:COL line, then the one line that says the import failed
            PrintStream err = System.err;
            for (PolicyError pe : e.errors()) {
                err.println(pe);
            }
            err.flush();
            throw error("policy " + file + ": " + Texts.count(e.errors().size(), "error") + ", nothing imported");
        }
    }

    static Path resolve(CommandSession session, String file) {
        Path p = Path.of(file);
        Path dir = session == null ? null : session.currentDir();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    @Override
    String notes() {
        return "The format: README.md, section \"Policy files\". Errors are listed as FILE:LINE:COL: message.\n"
                + "An import is a transaction of its own: commit or abort this shell's transaction first.";
    }
}
