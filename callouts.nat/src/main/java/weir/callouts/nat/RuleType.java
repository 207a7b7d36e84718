package weir.callouts.nat;

/** The three kinds of NAT rule, by the word the shell and the configuration use. */
enum RuleType {
    /** 1:1 address mapping (an address or equal-length prefixes), every protocol, both directions. */
    STATIC("static"),
    /** Port forwarding: OUTSIDE:PORT of one protocol is rewritten to INSIDE:PORT. */
    FORWARD("forward"),
    /** Source NAT: sources in INSIDE leave as OUTSIDE with a port allocated from a range. */
    SNAT("snat");

    private final String word;

    RuleType(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }

    static RuleType of(String word) {
        for (RuleType t : values()) {
            if (t.word.equalsIgnoreCase(word.trim())) {
                return t;
            }
        }
        throw new RuleException("unknown rule type '" + word + "'; use static, forward or snat");
    }
}
