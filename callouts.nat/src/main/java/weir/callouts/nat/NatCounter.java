package weir.callouts.nat;

/** What the callout counts, one counter per outcome of classify (shown by {@code nat:status}). */
enum NatCounter {
    TRANSLATED_ORIGINAL("packets translated, original direction"),
    TRANSLATED_REPLY("packets translated back, reply direction"),
    TRANSLATIONS_CREATED("translations created"),
    TRANSLATIONS_RELEASED("translations released"),
    OWN_INJECTED("own injected packets permitted"),
    NO_RULE("packets without rule or translation, permitted"),
    NO_WRITE_RIGHT("packets without the write right, left alone"),
    NO_INJECTOR("packets permitted untranslated: no injector"),
    NO_FLOW("first packets without a flow handle, permitted untranslated"),
    IPV6("IPv6 packets, permitted"),
    FRAGMENT("IPv4 fragments, permitted untranslated"),
    TRUNCATED("truncated packets, permitted untranslated"),
    MALFORMED("malformed packets, permitted untranslated"),
    OTHER_PROTOCOL("packets of other protocols, permitted"),
    NOT_THIS_FLOW("packets on a translated flow matching neither direction, permitted"),
    PORTS_EXHAUSTED("first packets blocked: no free source NAT port"),
    CLASH("first packets blocked: reply tuple already taken"),
    ASSOCIATE_FAILED("flow context associations refused by the engine"),
    INJECT_FAILED("packets blocked: injection failed");

    private final String text;

    NatCounter(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
