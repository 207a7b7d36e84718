package weir.engine.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {
    private static Table filters() {
        return new Table().right("ID").flexible("NAME").left("LAYER").optional("FLAGS").flexible("CONDITIONS", 1)
                .right("HITS")
                .row(1, "no telnet from anywhere at all", "INBOUND_TRANSPORT_V4", "",
                        "protocol == tcp and local.port in 23,2323 and remote.addr != 10.0.0.1", 12)
                .row(17, "ssh", "ALE_AUTH_CONNECT_V4", "", "local.port == 22", 3);
    }

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        List<String> lines = filters().render(Style.DEFAULT).lines().toList();
        assertEquals("ID  NAME                            LAYER                 CONDITIONS"
                + "                                                             HITS", lines.get(0));
        assertEquals(" 1  no telnet from anywhere at all  INBOUND_TRANSPORT_V4  protocol == tcp and local.port in"
                + " 23,2323"
                + " and remote.addr != 10.0.0.1    12", lines.get(1));
        assertEquals("17  ssh                             ALE_AUTH_CONNECT_V4   local.port == 22"
                + "                                                          3", lines.get(2));
    }

    @Test
    void fitsTheTerminalCuttingNamesBeforeConditions() {
        List<String> lines = filters().render(new Style(120, false)).lines().toList();
        for (String l : lines) {
            assertTrue(l.length() <= 120, l.length() + ": " + l);
        }
        assertTrue(lines.get(1).matches(" 1  no telnet [a-z ]*\\.\\.\\.  INBOUND.*"),
                "the name is cut: " + lines.get(1));
        assertTrue(lines.get(1).contains("protocol == tcp and local.port in 23,2323 and remote.addr != 10.0.0.1"),
                "the conditions stay whole while names can be cut: " + lines.get(1));
        List<String> narrow = filters().render(new Style(80, false)).lines().toList();
        assertTrue(narrow.get(1).length() <= 80, narrow.get(1));
        assertTrue(narrow.get(1).contains("  protocol == tcp and ") && narrow.get(1).endsWith("...    12"),
                narrow.get(1));
    }

    @Test
    void whatCannotBeCutIsLeftToTheTerminal() {
        String s = new Table().left("A").left("B").row("x".repeat(50), "y".repeat(50)).render(new Style(40, false));
        assertEquals(102, s.lines().toList().get(1).length());
    }

    @Test
    void plainIsTabSeparatedWithoutHeaderAndKeepsEveryColumn() {
        assertEquals("1\tno telnet from anywhere at all\tINBOUND_TRANSPORT_V4\t\tprotocol == tcp and local.port in"
                + " 23,2323 and remote.addr != 10.0.0.1\t12\n17\tssh\tALE_AUTH_CONNECT_V4\t\tlocal.port == 22\t3",
                filters().render(new Style(0, true)));
    }

    @Test
    void anOptionalColumnShowsWhenAnyRowHasIt() {
        String s = new Table().left("NAME").optional("FLAGS").row("a", "").row("b", "CLEAR_ACTION_RIGHT")
                .render(Style.DEFAULT);
        assertEquals("NAME  FLAGS\na\nb     CLEAR_ACTION_RIGHT", s);
    }

    @Test
    void fixedWidthsLineUpRowsPrintedApartAndCutLongerCells() {
        Table header = new Table().left("TIME").right("N").left("NAME").optional("NOTE").fixed(6, 3, 8, 4);
        assertEquals("TIME      N  NAME      NOTE", header.render(Style.DEFAULT, true), "every column, even empty");
        String a = new Table().left("TIME").right("N").left("NAME").optional("NOTE").fixed(6, 3, 8, 4)
                .row("10:00", 7, "ssh", "").render(Style.DEFAULT, false);
        String b = new Table().left("TIME").right("N").left("NAME").optional("NOTE").fixed(6, 3, 8, 4)
                .row("10:01", 123, "a very long name", "veto").render(Style.DEFAULT, false);
        assertEquals("10:00     7  ssh", a, "no header, no trailing blanks");
        assertEquals("10:01   123  a ver...  veto", b);
        assertEquals(a.indexOf("ssh"), b.indexOf("a ver"), "the columns line up across separate renders");
        assertEquals("10:01\t123\ta very long name\tveto", new Table().left("TIME").right("N").left("NAME")
                .optional("NOTE").fixed(6, 3, 8, 4).row("10:01", 123, "a very long name", "veto")
                .render(new Style(0, true), false), "plain output is never cut");
    }
}
