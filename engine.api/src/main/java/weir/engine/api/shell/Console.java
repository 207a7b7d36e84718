package weir.engine.api.shell;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The shell's console, for what a bundle has to tell the operator outside of a command's result, such as a
 * packet source's summary when the source ends. A text printed here appears as one block between two
 * commands' outputs, never inside one: at once while the shell waits for input (above the line being typed
 * at a terminal), otherwise right after the running command's output. Where no interactive shell reads
 * commands ({@code -c}), it goes to standard error, so that standard output carries only what was asked for.
 * Weir's engine provides it while a Gogo shell runs; use it as an optional reference and print to standard
 * output yourself when it is absent.
 */
@ProviderType
public interface Console {
    /** Prints {@code text} (one or more lines; a final line break is added) as one block. */
    void print(String text);
}
