package weir.engine.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.engine.api.Weight;

/** What the shell writes for Gogo reads back as it was: through Gogo's own parser, not a model of it. */
class TextsTest {
    /** A command that hands back its one argument. */
    public static final class Echo {
        public String back(String word) {
            return word;
        }
    }

    private ThreadIOImpl threadIo;
    private CommandSession session;

    @BeforeEach
    void gogo() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        processor.addCommand("t", new Echo(), "back");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() {
        session.close();
        threadIo.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "no telnet", "it's v6", "'quoted'", "a \"b\" c", "$HOME and ${x}",
        "\\device\\harddiskvolume2\\x.exe", "app endswith \"svchost.exe\" and remote.port != 53",
        "flags has none IS_LOOPBACK|IS_FRAGMENT", "(remote.port < 10 or remote.port > 20) and protocol == udp",
        "-starts-with-a-dash", "", "tab\tand; semicolon", "x = y", "{closure}", "back\\'slash"})
    void quoteReadsBackThroughGogo(String s) throws Exception {
        assertEquals(s, session.execute("t:back " + Texts.quote(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "0", "10", "18446744073709551615", "range:0", "range:15"})
    void weightsReadBack(String w) {
        assertEquals(w, Texts.weight(Values.weight(w)));
    }

    @Test
    void effectiveWeightShowsAllSixteenDigits() {
        assertEquals("0xa00000000000002a", Texts.effectiveWeight(0xa00000000000002aL));
        assertEquals("0x000000000000000a", Texts.effectiveWeight(10));
        assertEquals(List.of(Weight.exact(-1L)), List.of(Values.weight("0xffffffffffffffff")));
    }
}
