/**
 * The {@code wfp:} Gogo commands: the engine's state at a glance and every management call from the shell.
 *
 * <p>Modelled on Felix SCR's {@code ComponentCommands}: each command is a method that returns a DTO (a record
 * of this package) and {@link weir.engine.core.shell.ShellConverter} formats it, as an aligned table that fits
 * the terminal ({@code INSPECT}), one line ({@code LINE}), or tab-separated without a header
 * ({@code --no-format}, for scripts). Scripts can also take a result apart: {@code ($r action)}.
 *
 * <p>Each command is its own small class and its own Gogo {@code Function} service, so that names with a
 * hyphen ({@code filter-add}) work, every command takes {@code --help}, and errors come back as one line
 * naming the command, never a stack trace. Options and arguments are described with Gogo's own
 * {@code @Descriptor} and {@code @Parameter}, which also feed Gogo's {@code help} and the tab completion that
 * {@link weir.engine.core.shell.Completions} installs in every interactive shell.
 *
 * <p>Each Gogo session works through an engine session of its own (a static one: its objects stay when it
 * closes), with its own transaction ({@code wfp:txn-begin}); it is closed when the Gogo session closes.
 */
package weir.engine.core.shell;
