/**
 * What a shell command returns so that Weir's shell prints it the way it prints {@code wfp:} output, without
 * any import beyond this API: return a record (printed as aligned {@code name  value} lines), a
 * {@link weir.engine.api.shell.Listing} of records (an aligned table that fits the terminal, or one line
 * saying there is nothing), or either wrapped in {@link weir.engine.api.shell.NoFormat} for scripts
 * (tab-separated values, no header, nothing cut). Column headers come from the record's component names.
 * {@link weir.engine.api.shell.Console} prints what happens between commands (a source's summary);
 * {@link weir.engine.api.shell.CommandError} is a command's failure, one line.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package weir.engine.api.shell;
