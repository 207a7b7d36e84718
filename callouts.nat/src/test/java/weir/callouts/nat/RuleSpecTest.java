package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule syntax shared by nat:add and weir.nat.rule: what is accepted, its canonical form, and the errors. */
class RuleSpecTest {

    private static RuleSpec add(String line) {
        return NatCommands.parseAdd(line.split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "static 10.0.0.5 192.0.2.5                                 | static 10.0.0.5 192.0.2.5",
        "STATIC 10.0.0.0/24 192.0.2.0/24                           | static 10.0.0.0/24 192.0.2.0/24",
        "static 10.0.0.5 192.0.2.5 --protocol all                  | static 10.0.0.5 192.0.2.5",
        "forward 10.0.0.5:80 192.0.2.1:8080                        | forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp",
        "forward 10.0.0.53 192.0.2.1:53 --protocol udp             | forward 10.0.0.53:53 192.0.2.1:53 --protocol udp",
        "snat 10.0.0.0/24 192.0.2.1                                | snat 10.0.0.0/24 192.0.2.1 --ports 1024-65535 --protocol all",
        "snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999            | snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol all",
        "snat 10.0.0.0/8 192.0.2.1 --protocol tcp,udp --ports 9-9  | snat 10.0.0.0/8 192.0.2.1 --ports 9-9 --protocol tcp,udp",
    })
    void acceptedRulesAndTheirCanonicalForm(String line, String canonical) {
        RuleSpec spec = add(line.trim());
        assertEquals(canonical.trim(), spec.text());
        assertEquals(spec, add(spec.text()), "the canonical form reads back as the same rule");
    }

    @Test
    void fieldsOfEachType() {
        RuleSpec f = add("forward 10.0.0.5:80 192.0.2.1:8080 --protocol udp");
        assertEquals(RuleType.FORWARD, f.type());
        assertEquals(Packets.ip("10.0.0.5"), f.inside().address());
        assertEquals(80, f.insidePort());
        assertEquals(8080, f.outsidePort());
        assertEquals(IpProtocol.UDP.bit(), f.protocols());

        RuleSpec s = add("snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol icmp");
        assertEquals(24, s.inside().length());
        assertEquals(40000, s.portLow());
        assertEquals(49999, s.portHigh());
        assertEquals(IpProtocol.ICMP.bit(), s.protocols());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nat 10.0.0.5 192.0.2.5                      | unknown rule type 'nat'; use static, forward or snat",
        "static 10.0.0.5                             | static needs INSIDE and OUTSIDE; e.g. nat:add static 10.0.0.5 192.0.2.5",
        "static 10.0.0.256 192.0.2.5                 | '10.0.0.256' is not an IPv4 address or prefix; write it as 10.0.0.5 or 10.0.0.0/24",
        "static 10.0.0.5/24 192.0.2.0/24             | '10.0.0.5/24' has host bits set; write the prefix as 10.0.0.0/24",
        "static 10.0.0.0/33 192.0.2.0/24             | '10.0.0.0/33' has an invalid prefix length; use /0 to /32, e.g. 10.0.0.0/24",
        "static 2001:db8::5 2001:db8:1::5            | '2001:db8::5' is IPv6, but NAT rules here are IPv4 only (no NPTv6); use IPv4 addresses such as 10.0.0.5",
        "static 10.0.0.0/24 192.0.2.0/25             | static NAT maps 1:1, but 10.0.0.0/24 and 192.0.2.0/25 differ in size; use an address each or prefixes of equal length",
        "static 10.0.0.5:80 192.0.2.5                | static NAT maps whole addresses; remove the port (use forward to map ports)",
        "static 10.0.0.5 192.0.2.5 --protocol tcp    | static NAT maps every protocol; drop --protocol tcp",
        "static 10.0.0.5 192.0.2.5 --ports 1-2       | static NAT keeps ports as they are; drop --ports 1-2",
        "forward 10.0.0.5:80 192.0.2.1               | forward needs the outside port; write OUTSIDE as 192.0.2.1:PORT",
        "forward 10.0.0.0/24 192.0.2.1:80            | forward maps one address and port; write e.g. 10.0.0.5:80 192.0.2.1:8080",
        "forward 10.0.0.5:80 192.0.2.1:8080 --protocol icmp | forward needs one protocol with ports; use --protocol tcp or --protocol udp",
        "forward 10.0.0.5:80 192.0.2.1:8080 --protocol all  | forward needs one protocol with ports; use --protocol tcp or --protocol udp",
        "forward 10.0.0.5:0 192.0.2.1:8080           | '10.0.0.5:0' has an invalid port; use a number in 1-65535, e.g. 192.0.2.1:8080",
        "forward 10.0.0.5:80 192.0.2.1:70000         | '192.0.2.1:70000' has an invalid port; use a number in 1-65535, e.g. 192.0.2.1:8080",
        "forward 10.0.0.5:80 192.0.2.1:8080 --ports 1-2 | forward takes its ports in INSIDE:PORT and OUTSIDE:PORT; drop --ports 1-2",
        "snat 10.0.0.0/24 192.0.2.0/24               | source NAT translates to one outside address; use e.g. 192.0.2.1, not 192.0.2.0/24",
        "snat 10.0.0.0/24 192.0.2.1:4000             | source NAT allocates outside ports itself; give a range with --ports LOW-HIGH instead of a port in OUTSIDE",
        "snat 10.0.0.5:22 192.0.2.1                  | source NAT matches inside addresses, not ports; remove the port from INSIDE",
        "snat 10.0.0.0/24 192.0.2.1 --ports 5000-4000 | '5000-4000' is not a port range LOW-HIGH within 1-65535; e.g. --ports 40000-49999",
        "snat 10.0.0.0/24 192.0.2.1 --ports 0-10     | '0-10' is not a port range LOW-HIGH within 1-65535; e.g. --ports 40000-49999",
        "snat 10.0.0.0/24 192.0.2.1 --ports 40000    | '40000' is not a port range LOW-HIGH within 1-65535; e.g. --ports 40000-49999",
        "snat 10.0.0.0/24 192.0.2.1 --protocol sctp  | unknown protocol 'sctp'; use tcp, udp, icmp or all",
        "snat 10.0.0.0/24 192.0.2.1 --proto tcp      | unknown option '--proto'; nat:add takes --protocol and --ports (see nat:add --help)",
        "snat 10.0.0.0/24 192.0.2.1 extra            | unexpected 'extra'; nat:add takes TYPE INSIDE OUTSIDE and options (see nat:add --help)",
        "snat 10.0.0.0/24 192.0.2.1 --ports          | --ports needs a value, e.g. --ports 40000-49999",
    })
    void mistakesAreOneLineNamingTheProblemAndTheFix(String line, String message) {
        RuleException e = assertThrows(RuleException.class, () -> add(line.trim()));
        assertEquals(message.trim(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(0, e.getStackTrace().length, "a user error carries no stack trace to print");
    }

    @Test
    void configurationAndShellShareTheParser() {
        assertEquals(add("forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp"),
                RuleSpec.of("forward", "10.0.0.5:80", "192.0.2.1:8080", "tcp", ""));
        assertEquals(add("snat 10.0.0.0/24 192.0.2.1"), RuleSpec.of("snat", " 10.0.0.0/24 ", "192.0.2.1", null, null));
        RuleException e = assertThrows(RuleException.class, () -> RuleSpec.of("snat", "", "192.0.2.1", "", ""));
        assertEquals("snat needs INSIDE and OUTSIDE; e.g. snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999",
                e.getMessage());
        assertThrows(RuleException.class, () -> RuleSpec.of("", "10.0.0.5", "192.0.2.5", "", ""));
    }

    @Test
    void prefixesContainAndMap() {
        Ipv4Prefix inside = Ipv4Prefix.parse("10.0.0.0/24");
        Ipv4Prefix outside = Ipv4Prefix.parse("192.0.2.0/24");
        assertTrue(inside.contains(Packets.ip("10.0.0.255")));
        assertFalse(inside.contains(Packets.ip("10.0.1.0")));
        assertEquals(Packets.ip("192.0.2.9"), inside.mapInto(Packets.ip("10.0.0.9"), outside));
        assertTrue(Ipv4Prefix.parse("0.0.0.0/0").contains(Packets.ip("255.255.255.255")));
        assertTrue(Ipv4Prefix.parse("10.0.0.0/8").overlaps(inside));
        assertFalse(Ipv4Prefix.parse("10.0.1.0/24").overlaps(inside));
    }
}
