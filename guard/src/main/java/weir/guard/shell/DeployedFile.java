package weir.guard.shell;

/**
 * One file in deploy/ (or a bundle from it whose file is gone), as {@code deploy:list} shows it.
 *
 * @param file         the file's name in deploy/
 * @param bundle       the bundle's symbolic name, or empty when no bundle came from the file
 * @param version      the bundle's version
 * @param id           the bundle's id, or null
 * @param state        the bundle's state (ACTIVE, RESOLVED, INSTALLED, ...) or what became of the file
 * @param exitsRefused how many calls to System.exit, Runtime.exit or Runtime.halt Weir refused the bundle
 * @param lastError    the bundle's or the file's last error, like Karaf's bundle:diag, or empty
 */
public record DeployedFile(String file, String bundle, String version, Long id, String state, int exitsRefused,
        String lastError) {
}
