package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * weir.nat.rule factory configurations as rules, driven through the component's life cycle as SCR drives it
 * (activate with the configuration, modified, deactivate).
 */
class ConfiguredRuleTest {
    private final RuleBook book = new RuleBook();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureConsole() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setErr(realErr);
    }

    /** A component property type instance, as SCR makes one from the configuration's properties. */
    static NatRuleConfig config(String type, String inside, String outside, String protocol, String ports) {
        return new NatRuleConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NatRuleConfig.class;
            }

            @Override
            public String type() {
                return type;
            }

            @Override
            public String inside() {
                return inside;
            }

            @Override
            public String outside() {
                return outside;
            }

            @Override
            public String protocol() {
                return protocol;
            }

            @Override
            public String ports() {
                return ports;
            }
        };
    }

    private ConfiguredRule activate(String pid, NatRuleConfig config) {
        return new ConfiguredRule(book, config, Map.of("service.pid", pid));
    }

    @Test
    void aValidConfigurationIsARuleUntilItIsDeleted() {
        ConfiguredRule c = activate("weir.nat.rule~web", config("forward", "10.0.0.5:80", "192.0.2.1:8080", "tcp",
                ""));

        assertEquals(1, book.rules().size());
        NatRule rule = book.rules().get(0);
        assertEquals("forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp", rule.spec.text());
        assertEquals("config weir.nat.rule~web", rule.source);

        c.modified(config("forward", "10.0.0.6:80", "192.0.2.1:8080", "tcp", ""));
        assertEquals(rule.id, book.rules().get(0).id, "a changed configuration keeps its rule id");
        assertEquals("forward 10.0.0.6:80 192.0.2.1:8080 --protocol tcp", book.rules().get(0).spec.text());

        c.deactivate();
        assertTrue(book.rules().isEmpty());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidConfigurationIsShownAsOneLineAndBecomesARuleOnceFixed() {
        ConfiguredRule c = activate("weir.nat.rule~lan", config("snat", "10.0.0.0/24", "192.0.2.1", "", "65000-70000"));

        assertTrue(book.rules().isEmpty());
        String line = "config weir.nat.rule~lan (type=snat inside=10.0.0.0/24 outside=192.0.2.1): '65000-70000' is "
                + "not a port range LOW-HIGH within 1-65535; e.g. --ports 40000-49999";
        assertEquals(Map.of("config weir.nat.rule~lan", line), book.rejections());
        assertEquals("weir nat: rule not applied: " + line + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8), "one line on the console, no stack trace");

        c.modified(config("snat", "10.0.0.0/24", "192.0.2.1", "", "40000-49999"));
        assertEquals(1, book.rules().size());
        assertTrue(book.rejections().isEmpty());
    }

    @Test
    void aConfigurationChangedToSomethingInvalidNoLongerHasARule() {
        ConfiguredRule c = activate("weir.nat.rule~a", config("static", "10.0.0.5", "192.0.2.5", "", ""));

        c.modified(config("static", "10.0.0.5", "2001:db8::5", "", ""));

        assertTrue(book.rules().isEmpty(), "the configuration is the truth, not its last valid state");
        assertTrue(book.rejections().get("config weir.nat.rule~a").endsWith(
                "'2001:db8::5' is IPv6, but NAT rules here are IPv4 only (no NPTv6); use IPv4 addresses such as "
                        + "10.0.0.5"));
        c.deactivate();
        assertTrue(book.rejections().isEmpty());
    }

    @Test
    void aConfigurationConflictingWithAnotherRuleIsRejected() {
        activate("weir.nat.rule~one", config("static", "10.0.0.5", "192.0.2.5", "", ""));
        activate("weir.nat.rule~two", config("static", "10.0.0.6", "192.0.2.5", "", ""));

        assertEquals(1, book.rules().size());
        assertTrue(book.rejections().get("config weir.nat.rule~two").contains(
                ": conflicts with rule 1 (static 10.0.0.5 192.0.2.5): both claim outside 192.0.2.5 every protocol "
                        + "every port; remove rule 1 first or change this rule"));
    }
}
