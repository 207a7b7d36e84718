package weir.callouts.nat;

/**
 * A validated NAT rule as written (no id, no state): what the shell's {@code nat:add} and a {@code weir.nat.rule}
 * configuration both parse into. Ports are 0 where a type has none.
 *
 * @param protocols bits of {@link IpProtocol}
 * @param portLow first port of a source NAT allocation range
 * @param portHigh last port of a source NAT allocation range
 */
record RuleSpec(RuleType type, Ipv4Prefix inside, int insidePort, Ipv4Prefix outside, int outsidePort,
        int protocols, int portLow, int portHigh) {

    /** Source NAT allocates from here unless told otherwise: the ports above the well-known ones. */
    static final int DEFAULT_PORT_LOW = 1024;
    static final int DEFAULT_PORT_HIGH = 65535;

    /**
     * Validates the five settings that the configuration and the shell share. {@code protocol} and
     * {@code ports} may be null or empty for "not given".
     *
     * @throws RuleException one line naming the setting and the fix
     */
    static RuleSpec of(String typeWord, String insideText, String outsideText, String protocol, String ports) {
        if (typeWord == null || typeWord.isBlank()) {
            throw new RuleException("the rule type is missing; use static, forward or snat");
        }
        RuleType type = RuleType.of(typeWord);
        if (isBlank(insideText) || isBlank(outsideText)) {
            throw new RuleException(type.word() + " needs INSIDE and OUTSIDE; e.g. " + example(type));
        }
        Endpoint inside = Endpoint.parse(insideText.trim());
        Endpoint outside = Endpoint.parse(outsideText.trim());
        switch (type) {
            case STATIC:
                return staticRule(inside, outside, protocol, ports);
            case FORWARD:
                return forwardRule(inside, outside, protocol, ports);
            default:
                return sourceNatRule(inside, outside, protocol, ports);
        }
    }

    private static RuleSpec staticRule(Endpoint inside, Endpoint outside, String protocol, String ports) {
        if (inside.port != 0 || outside.port != 0) {
            throw new RuleException("static NAT maps whole addresses; remove the port (use forward to map ports)");
        }
        if (!isBlank(protocol) && !protocol.trim().equalsIgnoreCase("all")) {
            throw new RuleException("static NAT maps every protocol; drop --protocol " + protocol.trim());
        }
        if (!isBlank(ports)) {
            throw new RuleException("static NAT keeps ports as they are; drop --ports " + ports.trim());
        }
        if (inside.prefix.length() != outside.prefix.length()) {
            throw new RuleException("static NAT maps 1:1, but " + inside.prefix + " and " + outside.prefix
                    + " differ in size; use an address each or prefixes of equal length");
        }
        return new RuleSpec(RuleType.STATIC, inside.prefix, 0, outside.prefix, 0, IpProtocol.ALL, 0, 0);
    }

    private static RuleSpec forwardRule(Endpoint inside, Endpoint outside, String protocol, String ports) {
        if (!inside.prefix.isSingleAddress() || !outside.prefix.isSingleAddress()) {
            throw new RuleException("forward maps one address and port; write e.g. 10.0.0.5:80 192.0.2.1:8080");
        }
        if (outside.port == 0) {
            throw new RuleException("forward needs the outside port; write OUTSIDE as " + outside.prefix + ":PORT");
        }
        if (!isBlank(ports)) {
            throw new RuleException("forward takes its ports in INSIDE:PORT and OUTSIDE:PORT; drop --ports "
                    + ports.trim());
        }
        int bits = isBlank(protocol) ? IpProtocol.TCP.bit() : parseProtocols(protocol);
        if (bits != IpProtocol.TCP.bit() && bits != IpProtocol.UDP.bit()) {
            throw new RuleException("forward needs one protocol with ports; use --protocol tcp or --protocol udp");
        }
        int insidePort = inside.port == 0 ? outside.port : inside.port;
        return new RuleSpec(RuleType.FORWARD, inside.prefix, insidePort, outside.prefix, outside.port, bits, 0, 0);
    }

    private static RuleSpec sourceNatRule(Endpoint inside, Endpoint outside, String protocol, String ports) {
        if (inside.port != 0) {
            throw new RuleException("source NAT matches inside addresses, not ports; remove the port from INSIDE");
        }
        if (outside.port != 0) {
            throw new RuleException("source NAT allocates outside ports itself; give a range with --ports LOW-HIGH "
                    + "instead of a port in OUTSIDE");
        }
        if (!outside.prefix.isSingleAddress()) {
            throw new RuleException("source NAT translates to one outside address; use e.g. 192.0.2.1, not "
                    + outside.prefix);
        }
        int bits = isBlank(protocol) ? IpProtocol.ALL : parseProtocols(protocol);
        int low = DEFAULT_PORT_LOW;
        int high = DEFAULT_PORT_HIGH;
        if (!isBlank(ports)) {
            String r = ports.trim();
            int dash = r.indexOf('-');
            low = dash < 0 ? -1 : parsePortOrMinus(r.substring(0, dash));
            high = dash < 0 ? -1 : parsePortOrMinus(r.substring(dash + 1));
            if (low < 1 || high < 1 || low > high) {
                throw new RuleException("'" + r + "' is not a port range LOW-HIGH within 1-65535; "
                        + "e.g. --ports 40000-49999");
            }
        }
        return new RuleSpec(RuleType.SNAT, inside.prefix, 0, outside.prefix, 0, bits, low, high);
    }

    /** "tcp", "udp", "icmp", "all", or a comma list such as "tcp,udp". */
    static int parseProtocols(String text) {
        int bits = 0;
        for (String word : text.trim().toLowerCase().split(",")) {
            String w = word.trim();
            if (w.equals("all")) {
                bits |= IpProtocol.ALL;
                continue;
            }
            IpProtocol found = null;
            for (IpProtocol p : IpProtocol.values()) {
                if (p.text().equals(w)) {
                    found = p;
                }
            }
            if (found == null) {
                throw new RuleException("unknown protocol '" + w + "'; use tcp, udp, icmp or all");
            }
            bits |= found.bit();
        }
        return bits;
    }

    /** The canonical shell form, e.g. {@code snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol all}. */
    String text() {
        switch (type) {
            case STATIC:
                return "static " + inside + " " + outside;
            case FORWARD:
                return "forward " + inside + ":" + insidePort + " " + outside + ":" + outsidePort + " --protocol "
                        + IpProtocol.text(protocols);
            default:
                return "snat " + inside + " " + outside + " --ports " + portLow + "-" + portHigh + " --protocol "
                        + IpProtocol.text(protocols);
        }
    }

    /** The example a message points to for a rule type. */
    static String example(RuleType type) {
        switch (type) {
            case STATIC:
                return "static 10.0.0.5 192.0.2.5";
            case FORWARD:
                return "forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp";
            default:
                return "snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999";
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static int parsePortOrMinus(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int p = Integer.parseInt(t);
        return p > 65535 ? -1 : p;
    }

    /** An address or prefix with an optional {@code :PORT}. */
    private static final class Endpoint {
        final Ipv4Prefix prefix;
        final int port;

        private Endpoint(Ipv4Prefix prefix, int port) {
            this.prefix = prefix;
            this.port = port;
        }

        static Endpoint parse(String text) {
            int colon = text.lastIndexOf(':');
            // more than one colon is IPv6: let the prefix parser say so
            if (colon < 0 || text.indexOf(':') != colon) {
                return new Endpoint(Ipv4Prefix.parse(text), 0);
            }
            int port = parsePortOrMinus(text.substring(colon + 1));
            if (port < 1) {
                throw new RuleException("'" + text + "' has an invalid port; use a number in 1-65535, e.g. "
                        + "192.0.2.1:8080");
            }
            return new Endpoint(Ipv4Prefix.parse(text.substring(0, colon)), port);
        }
    }
}
