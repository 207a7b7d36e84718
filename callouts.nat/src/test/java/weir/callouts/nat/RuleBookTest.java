package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.LayerData;

/** Rules in force: ids, precedence on the packet path, and pairs that cannot be in force together. */
class RuleBookTest {
    private final RuleBook book = new RuleBook();

    private NatRule add(String line) {
        return book.add(NatCommands.parseAdd(line.split(" ")), "shell");
    }

    private static PacketView view(byte[] packet) {
        PacketView v = new PacketView();
        LayerData d = Frame.ip(packet);
        assertEquals(PacketView.OK, v.parse(d));
        return v;
    }

    @Test
    void idsCountUpAndRemovedIdsAreNotReused() {
        NatRule a = add("static 10.0.0.5 192.0.2.5");
        NatRule b = add("static 10.0.0.6 192.0.2.6");
        book.remove(a.id);
        NatRule c = add("static 10.0.0.7 192.0.2.7");
        assertEquals(List.of(2, 3), book.rules().stream().map(r -> r.id).toList());
        assertEquals(1, a.id);
        assertEquals(2, b.id);
        assertEquals(3, c.id);
        assertNull(book.remove(42));
    }

    @Test
    void forwardBeatsStaticBeatsSourceNatWhateverTheIds() {
        NatRule snat = add("snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999");
        NatRule stat = add("static 10.0.0.5 192.0.2.5");
        NatRule fwd = add("forward 10.0.0.5:80 192.0.2.1:8080");

        assertSame(stat, book.match(view(Packets.tcp("10.0.0.5", 1, "198.51.100.7", 80, Packets.SYN, new byte[0])),
                false));
        assertSame(snat, book.match(view(Packets.tcp("10.0.0.6", 1, "198.51.100.7", 80, Packets.SYN, new byte[0])),
                false));
        assertNull(book.match(view(Packets.tcp("10.0.0.6", 1, "198.51.100.7", 80, Packets.SYN, new byte[0])), true),
                "source NAT starts outbound only");
        assertSame(fwd, book.match(view(Packets.tcp("198.51.100.7", 1, "192.0.2.1", 8080, Packets.SYN,
                new byte[0])), true));
        assertNull(book.match(view(Packets.tcp("198.51.100.7", 1, "192.0.2.1", 8081, Packets.SYN, new byte[0])),
                true));
    }

    @Test
    void rulesClaimingTheSameOutsidePortsConflict() {
        add("snat 10.0.0.0/24 192.0.2.1 --ports 8000-8999");
        RuleException e = assertThrows(RuleException.class, () -> add("forward 10.0.0.5:80 192.0.2.1:8080"));
        assertEquals("conflicts with rule 1 (snat 10.0.0.0/24 192.0.2.1 --ports 8000-8999 --protocol all): both "
                + "claim outside 192.0.2.1 tcp port 8080; remove rule 1 first or change this rule",
                e.getMessage());
        add("forward 10.0.0.5:80 192.0.2.1:9080");
        add("forward 10.0.0.5:80 192.0.2.1:9080 --protocol udp"); // udp 9080 next to tcp 9080 is fine
        assertThrows(RuleException.class, () -> add("static 10.0.0.9 192.0.2.1"), "static claims every port");
        assertThrows(RuleException.class, () -> add("static 10.0.0.0/24 192.0.2.0/24"), "prefix covers 192.0.2.1");
    }

    @Test
    void overlappingInsideRangesOfOneTypeConflict() {
        add("snat 10.0.0.0/16 192.0.2.1 --ports 40000-49999 --protocol tcp");
        add("snat 10.0.0.0/24 192.0.2.2 --protocol udp"); // other protocol: no overlap
        RuleException e = assertThrows(RuleException.class, () -> add("snat 10.0.5.0/24 192.0.2.3"));
        assertEquals("conflicts with rule 1 (snat 10.0.0.0/16 192.0.2.1 --ports 40000-49999 --protocol tcp): "
                + "inside 10.0.5.0/24 overlaps 10.0.0.0/16, so a packet would match both; remove rule 1 first or "
                + "change this rule", e.getMessage());
        add("static 10.0.9.9 192.0.2.9"); // a static host inside a source NAT range is the usual exception
        assertThrows(RuleException.class, () -> add("static 10.0.9.9 192.0.2.10"));
    }

    @Test
    void replaceKeepsTheIdAndChecksAgainstTheOthersOnly() {
        NatRule a = add("snat 10.0.0.0/24 192.0.2.1 --ports 40000-40999");
        add("snat 10.0.1.0/24 192.0.2.1 --ports 41000-41999");
        NatRule a2 = book.replace(a.id, NatCommands.parseAdd("snat 10.0.0.0/24 192.0.2.1 --ports 40000-40499"
                .split(" ")), "config x");
        assertEquals(a.id, a2.id);
        assertSame(a2, book.get(a.id));
        assertThrows(RuleException.class, () -> book.replace(a.id,
                NatCommands.parseAdd("snat 10.0.0.0/24 192.0.2.1 --ports 41000-41000".split(" ")), "config x"));
        assertSame(a2, book.get(a.id), "a refused replacement leaves the rule as it was");
    }
}
