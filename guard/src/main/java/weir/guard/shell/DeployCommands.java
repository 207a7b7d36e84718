package weir.guard.shell;

import weir.engine.api.shell.NoFormat;

/**
 * The {@code deploy:} shell commands. Gogo finds them by their service properties and calls them by
 * reflection, so the bundle needs no Gogo import; the results are records that Weir's shell formats.
 */
public final class DeployCommands {
    static final String LIST_HELP = String.join("\n",
            "deploy:list - every file in the deploy folder: its bundle, state, last error and refused exits",
            "usage: deploy:list [--no-format]",
            "  --no-format  one tab-separated line per file, no header (for scripts)",
            "STATE is the bundle's (ACTIVE, RESOLVED: not started, INSTALLED: not resolved) or what became of",
            "the file: not a bundle, not installed, refused, ignored, waiting. LAST ERROR says why a bundle did",
            "not start or a file was not installed. EXITS REFUSED counts the bundle's calls to System.exit,",
            "Runtime.exit and Runtime.halt: Weir rewrites them into an exception (ExitRefusedException).");

    private final DeployView view;

    public DeployCommands(DeployView view) {
        this.view = view;
    }

    /** {@code deploy:list [--no-format] [--help]}. */
    public Object list(String... args) {
        boolean noFormat = false;
        for (String a : args) {
            switch (a) {
                case "--help", "-h" -> {
                    return LIST_HELP;
                }
                case "--no-format" -> noFormat = true;
                default -> throw new CommandError("deploy:list", "unknown argument " + a
                        + "; usage: deploy:list [--no-format]");
            }
        }
        DeployFolder folder = view.folder();
        return noFormat ? new NoFormat(folder.files()) : folder;
    }

    /** A command's mistake: the shell prints it with toString(), which is the one line itself. */
    static final class CommandError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String command;

        CommandError(String command, String message) {
            super(message);
            this.command = command;
        }

        @Override
        public String toString() {
            return command + ": " + getMessage();
        }
    }
}
