package weir.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Weir's Gogo login profile, {@code <data>/gosh/etc/gosh_profile}, written at every start for the way the
 * shell runs, and the {@code gosh.args} that go with it. Gogo's default profile prints a banner, adds 60
 * {@code context:*} and {@code system:*} commands to {@code help}, and keeps its history in the user's home
 * folder; at end of input Gogo prints {@code gosh: stopping framework} on standard output. Weir's does none of
 * that:
 *
 * <ul>
 * <li>{@code terminal}: Gogo's interactive shell with a one-line greeting, prompt {@code g! }, tab completion
 * of Gogo's own commands (the {@code complete} lines of Gogo's default profile, Apache License 2.0), history
 * in {@code <data>/gosh}; {@code --noshutdown}, and {@link ShellWatch} stops Weir when the shell ends.
 * <li>{@code piped} and {@code command} ({@code -c}): Weir runs the commands itself ({@link PipedShell},
 * {@link CommandRunner}); Gogo's shell only waits until Weir stops. It calls no command while it waits: Gogo
 * unregisters its commands before it interrupts the shell thread, so a command looked up as Weir stops (the
 * {@code try} this profile once had) was "not found" under load.
 * </ul>
 */
final class GoshProfile {
    static final String HOME = "gosh";

    /** How the shell runs. */
    enum Mode {
        TERMINAL, PIPED, COMMAND;

        /** The framework property {@code weir.shell} (engine.core's shell console reads it). */
        String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Gogo's {@code gosh.args}. */
        String goshArgs() {
            return this == TERMINAL ? "--noshutdown --nohistory" : "--nointeractive --noshutdown";
        }
    }

    private GoshProfile() {
    }

    /** Writes the profile for {@code mode}; returns Gogo's home folder ({@code gosh.home}). */
    static Path write(Path data, Mode mode) throws IOException {
        Path home = data.resolve(HOME);
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.writeString(etc.resolve("gosh_profile"), text(mode, home));
        return home;
    }

    static String text(Mode mode, Path home) {
        if (mode != Mode.TERMINAL) {
            return String.join("\n",
                    "# weir -c or piped input: Weir runs the commands itself (CommandRunner, PipedShell); this shell",
                    "# reads nothing and waits until Weir stops.",
                    "# No command is called here (see GoshProfile): a method call on the system bundle only.",
                    "($.context bundle 0) waitForStop 0", "");
        }
        boolean terminal = mode == Mode.TERMINAL;
        StringBuilder b = new StringBuilder();
        b.append("# Weir's Gogo login profile, written by weir.jar at every start (changes are overwritten).\n");
        b.append("try {\n");
        b.append("    SCOPE = 'gogo:*'\n");
        b.append("    e = { $exception printStackTrace }\n");
        b.append("    secondary-prompt-pattern = '%M%P > '\n");
        if (terminal) {
            b.append("    prompt = 'g! '\n");
            // Gogo's --nohistory leaves the history file unset; the reader loaded nothing yet
            b.append("    history-file = ").append(quote(home.resolve("history").toString())).append('\n');
            b.append("    ($.reader history) load\n");
            b.append(COMPLETIONS);
        } else {
            b.append("    prompt = ''\n");
        }
        b.append("} {\n    echo \"$0: $exception\"\n}\n");
        if (terminal) {
            b.append("echo ").append(quote("Weir " + Main.version() + ": wfp:commands lists the engine's commands,"
                    + " help every command; shutdown or Ctrl-D stops Weir")).append('\n');
        }
        return b.toString();
    }

    /** A Gogo single-quoted word: every character is itself, a quote is written '\''. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Tab completion for Gogo's own commands, from Gogo's default {@code gosh_profile} (Apache Felix Gogo
     * JLine 1.1.8, Apache License 2.0), less the remote consoles Weir does not run (telnetd, sshd) and tmux.
     */
    private static final String COMPLETIONS = """
                __option_not_present = {
                    res = true
                    opts = $argv
                    each $opts {
                        arg = $it
                        each ($.commandLine words) {
                            if { ($it toString) equals ($arg toString) } {
                                res = false
                            }
                        }
                    }
                    $res
                }
                __load_class = {
                    (($.reader class) classLoader) loadClass $1
                }
                __set_unset_arguments = {
                    is_setopt = (($.commandLine words) get 0) equals "setopt"
                    enums = ((__load_class 'org.jline.reader.LineReader$Option') enumConstants)
                    candidates = new ArrayList
                    each $enums {
                        name = ${(GL)it/_/-}
                        is_set = ($.reader isSet $it)
                        neg = %(( if(is_setopt, is_set, not(is_set)) ))
                        if { $neg } {
                            name = "no-${name}"
                        }
                        if { not  { (($.commandLine words) subList 1 ($.commandLine wordIndex)) contains $name } } {
                            $candidates add (new org.jline.reader.Candidate $name $name (if { $neg } { "unset" } { "set" }) null null null true)
                        }
                    }
                    $candidates
                }
                setopt group
                complete -c gogo:complete -e
                complete -c gogo:complete -d "Edit command specific completions"
                complete -c gogo:complete -s c -l command --description "Command to add completion to" -n '__option_not_present -c --command' -a '$.commands'
                complete -c gogo:complete -s s -l short-option --description "Posix-style option to complete" -n '__option_not_present -s --short-option'
                complete -c gogo:complete -s l -l long-option --description "GNU-style option to complete" -n '__option_not_present -l --long-option'
                complete -c gogo:complete -s a -l arguments --description "A list of possible arguments" -n '__option_not_present -a --argument'
                complete -c gogo:complete -s d -l description --description "Description of this completions" -n '__option_not_present -d --description'
                complete -c gogo:complete -s h -l help --description "Display help and exit" -n '__option_not_present -h --help'
                complete -c gogo:complete -s n -l condition --description "The completion should only be used if the specified command has a zero exit status"  -n '__option_not_present -n --condition'
                complete -c gogo:complete -s e -l erase --description "Remove completion"  -n '__option_not_present -e --erase'
                complete -c gogo:history -e
                complete -c gogo:history -d "Show and manipulate command history"
                complete -c gogo:history -l clear --description "Clear history" -n '__option_not_present --clear'
                complete -c gogo:history -l save --description "Save history" -n '__option_not_present --save'
                complete -c gogo:setopt -e
                complete -c gogo:setopt -d "Set or view set shell options"
                complete -c gogo:setopt -a '__set_unset_arguments'
                complete -c gogo:unsetopt -e
                complete -c gogo:unsetopt -d "Unset or view unset shell options"
                complete -c gogo:unsetopt -a '__set_unset_arguments'
                complete -c gogo:cat -e
                complete -c gogo:cat -d "Concatenate and print files"
                complete -c gogo:cat -s n "Number the output lines, starting at 1"
                complete -c gogo:cat -a '__files'
                complete -c gogo:pwd -e
                complete -c gogo:pwd -d "Get current directory"
                complete -c gogo:ls -e
                complete -c gogo:ls -d "List files"
                complete -c gogo:cd -e
                complete -c gogo:cd -d "Change current directory"
                complete -c gogo:cd -a 'wi = ($.commandLine wordIndex); if { %(wi==1) } { __directories } { [ ] }'
                complete -c gogo:sleep -e
                complete -c gogo:sleep -d "Pause execution for the specified amount of time"
                complete -c gogo:echo -e
                complete -c gogo:echo -d "Write arguments to the standard output"
                complete -c gogo:echo -s n -d "No trailing new line"
                complete -c gogo:grep -e
                complete -c gogo:grep -d "File pattern searcher"
                complete -c gogo:sort -e
                complete -c gogo:sort -d "Sort lines of text files"
                complete -c gogo:gosh -e
                complete -c gogo:gosh -d "Execute script with arguments in a new session"
                complete -c gogo:sh -e
                complete -c gogo:sh -d "Execute script with arguments in a new session"
                complete -c gogo:source -e
                complete -c gogo:source -d "Execute script with arguments"
                complete -c gogo:each -e
                complete -c gogo:each -d "Loop and execute script on the specified elements"
                complete -c gogo:if -e
                complete -c gogo:if -d "Conditionaly execute a script"
                complete -c gogo:not -e
                complete -c gogo:not -d "Negates the result of a script"
                complete -c gogo:throw -e
                complete -c gogo:throw -d "Throws an exception"
                complete -c gogo:try -e
                complete -c gogo:try -d "Try executing a script and catch any exception"
                complete -c gogo:until -e
                complete -c gogo:until -d "Loop and execute script until a condition is satisfied"
                complete -c gogo:while -e
                complete -c gogo:while -d "Loop and execute script while a condition is satisfied"
                complete -c gogo:less -e
                complete -c gogo:less -d "File pager"
                complete -c gogo:less -a '__files'
                complete -c gogo:nano -e
                complete -c gogo:nano -d "File editor"
                complete -c gogo:nano -a '__files'
                complete -c gogo:bg -e
                complete -c gogo:bg -d "Put job in background"
                complete -c gogo:fg -e
                complete -c gogo:fg -d "Put job in foreground"
                complete -c gogo:jobs -e
                complete -c gogo:jobs -d "List jobs"
                complete -c gogo:clear -e
                complete -c gogo:clear -d "Clear screen"
                complete -c gogo:head -e
                complete -c gogo:head -d "Displays first lines of file"
                complete -c gogo:head -s n -l lines --description "Print line counts"
                complete -c gogo:head -s c -l bytes --description "Print byte counts"
                complete -c gogo:head -a '__files'
                complete -c gogo:tail -e
                complete -c gogo:tail -d "Displays last lines of file"
                complete -c gogo:tail -s n -l lines --description "Number of lines to print"
                complete -c gogo:tail -s f -l follow --description "Do not stop at end of file"
                complete -c gogo:tail -a '__files'
                complete -c gogo:date -e
                complete -c gogo:date -d "Display date and time"
                complete -c gogo:wc -e
                complete -c gogo:wc -d "Word, line, character, and byte count"
                complete -c gogo:wc -a '__files'
            """;
}
