package weir.engine.api;

/**
 * WFP's {@code FWPM_SESSION0} as far as it matters here. A dynamic session's objects are deleted when the
 * session closes, including when the bundle that opened it stops.
 *
 * @param name display name, shown by the shell
 * @param dynamic FWPM_SESSION_FLAG_DYNAMIC
 * @param txnWaitTimeoutMillis how long a transaction waits for another session's transaction (default 15 s)
 */
public record SessionOptions(String name, boolean dynamic, long txnWaitTimeoutMillis) {
    public static final long DEFAULT_TXN_WAIT_MILLIS = 15_000;

    public static SessionOptions named(String name) {
        return new SessionOptions(name, false, DEFAULT_TXN_WAIT_MILLIS);
    }

    public static SessionOptions dynamic(String name) {
        return new SessionOptions(name, true, DEFAULT_TXN_WAIT_MILLIS);
    }
}
