package weir.callouts.nat;

/**
 * A NAT rule that a user wrote wrongly (shell or configuration). The message is one line that names the
 * problem and the fix; callers prefix it with where the rule came from and never print a stack trace.
 */
final class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleException(String message) {
        super(message, null, false, false);
    }
}
