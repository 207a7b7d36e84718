package weir.callouts.nat;

/** What the NAT callouts count, one counter per outcome (shown by {@code nat:status}). */
enum NatCounter {
    TRANSLATED_ORIGINAL("packets translated, original direction"),
    TRANSLATED_REPLY("packets translated back, reply direction"),
    TRANSLATED_STATIC("packets translated by static rules (stateless)"),
    ICMP_ERRORS_TRANSLATED("ICMP errors translated, quoted datagram included"),
    MAPPINGS_CREATED("mappings created"),
    MAPPINGS_HELD("mappings whose last flow ended (hold time started)"),
    MAPPINGS_FREED("mappings freed after the hold time (port given back)"),
    FLOWS_JOINED("flows that joined an existing mapping (reply flow, or new flow on a held one)"),
    OWN_INJECTED("own injected packets permitted"),
    NO_RULE("packets without rule or mapping, permitted"),
    NO_WRITE_RIGHT("packets without the write right, left alone"),
    NO_INJECTOR("packets permitted untranslated: no injector"),
    IPV6("IPv6 packets, permitted"),
    UNTRANSLATABLE_BLOCKED("fragments, truncated or portless packets a rule covers: blocked"),
    UNTRANSLATABLE_PERMITTED("fragments, truncated or portless packets no rule covers: permitted"),
    ICMP_ERRORS_UNMATCHED("ICMP errors about no mapping that no rule covers, permitted"),
    WRONG_DIRECTION("packets of a mapping seen in the other direction, permitted untranslated"),
    NO_FLOW("first packets without a flow handle: blocked (a mapping could never end)"),
    PORTS_EXHAUSTED("first packets blocked: no free source NAT port"),
    TABLE_FULL("first packets blocked: mapping table full"),
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
