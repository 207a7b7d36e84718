package weir.guard.woven;

/**
 * Thrown in place of ending the JVM: a bundle deployed into Weir called {@code System.exit},
 * {@code Runtime.exit} or {@code Runtime.halt}. A SecurityException, as the JDK's own refusal of an exit was.
 */
public final class ExitRefusedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    private final String call;

    ExitRefusedException(String call, String message) {
        super(message);
        this.call = call;
    }

    /** The refused call, e.g. {@code System.exit(42)}. */
    public String call() {
        return call;
    }
}
