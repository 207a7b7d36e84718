package weir.engine.core.mgmt.persist;

/**
 * How the engine treats its store at start and while it runs.
 *
 * @param recover start from the best consistent prefix of a damaged store (the operator's
 *        {@code --recover-store}) instead of refusing to start
 * @param compactRecords journal records after which the store is compacted into a new snapshot
 */
public record StoreOptions(boolean recover, int compactRecords) {
    public static final StoreOptions DEFAULT = new StoreOptions(false, StoreFile.COMPACT_RECORDS);

    public StoreOptions {
        if (compactRecords < 1) {
            throw new IllegalArgumentException("compactRecords must be at least 1, not " + compactRecords);
        }
    }
}
