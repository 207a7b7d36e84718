package weir.guard.shell;

import weir.engine.api.shell.Listing;

/**
 * The deploy view: the folder, whether Weir reads it, and every file in it.
 *
 * @param folder the deploy folder
 * @param guard  {@code safe}, or what is wrong with deploy/ or etc/ (nothing is read while it lasts)
 * @param files  one row per file, see {@link DeployedFile}
 */
public record DeployFolder(String folder, String guard, Listing files) {
}
