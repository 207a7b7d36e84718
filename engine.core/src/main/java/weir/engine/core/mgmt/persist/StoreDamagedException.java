package weir.engine.core.mgmt.persist;

import java.nio.file.Path;

/**
 * The engine store does not hold what was committed, whole: Weir refuses to start rather than enforce less
 * policy than the operator committed (as PostgreSQL and etcd refuse a damaged data directory). The message is
 * the one line the operator sees: the file, what is wrong, and the two ways out.
 */
public final class StoreDamagedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The launcher option that starts from the last good copy instead (framework property weir.store.recover). */
    public static final String RECOVER_OPTION = "--recover-store";

    public StoreDamagedException(String line) {
        super(line);
    }

    /**
     * The refusal line: {@code what} says what is wrong with {@code file} ("is damaged (…)", "is a folder, not a
     * file"), {@code recoverFrom} what {@value #RECOVER_OPTION} would start from.
     */
    public static StoreDamagedException refuse(Path file, String what, String recoverFrom, Path folder) {
        return new StoreDamagedException("engine store " + file + " " + what + "; Weir did not start: run with "
                + RECOVER_OPTION + " to start from " + recoverFrom + " and list what is lost, or move " + folder
                + " away to start without persistent objects");
    }
}
