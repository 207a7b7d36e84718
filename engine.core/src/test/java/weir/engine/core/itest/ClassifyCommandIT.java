package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;
import weir.engine.api.SessionOptions;

/** wfp:classify, the what-if, against a small policy inside Felix. */
@ExtendWith(ServiceExtension.class)
class ClassifyCommandIT {
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Gogo gogo;
    private long telnet;
    private long lan;
    private String lanKey;

    @BeforeEach
    void policy() throws Exception {
        gogo = new Gogo(processor);
        // above FWPM_SUBLAYER_UNIVERSAL (0x8000)
        lanKey = (String) gogo.property(gogo.run("wfp:sublayer-add --weight 65535 lan"), "key");
        lan = (Long) gogo.property(gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer lan --action PERMIT"
                + " --flags CLEAR_ACTION_RIGHT --weight 100 --name 'from lan' 'remote.addr == 10.0.0.0/8'"), "id");
        telnet = (Long) gogo.property(gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK"
                + " --weight 10 --name 'no telnet' 'protocol == tcp and local.port == 23'"), "id");
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void aBlockedPacket() throws Exception {
        Object r = gogo.run("wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=198.51.100.7");
        assertEquals("BLOCK", gogo.property(r, "action"));
        assertEquals(Boolean.TRUE, gogo.property(r, "hard"));
        assertEquals(telnet, gogo.property(r, "filterId"));
        assertEquals("no telnet", gogo.property(r, "filterName"));
        assertEquals("BLOCK (hard) by filter " + telnet + " 'no telnet' (STATIC_FILTER) at INBOUND_TRANSPORT_V4",
                gogo.print("wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=198.51.100.7"));
    }

    @Test
    void aPermittedPacketAndTheDefault() throws Exception {
        // a hard permit in the higher sublayer: the static block below has no effect (spec rule 6)
        assertEquals("PERMIT (hard) by filter " + lan + " 'from lan' (STATIC_FILTER) at INBOUND_TRANSPORT_V4",
                gogo.print("wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=10.1.2.3"));
        assertEquals("PERMIT (soft): no filter decided, the layer's default action (NO_MATCH) at INBOUND_TRANSPORT_V4",
                gogo.print("wfp:classify INBOUND_TRANSPORT_V4 protocol=udp local.port=23"));
        gogo.run("wfp:engine defaultAction INBOUND_TRANSPORT_V4 BLOCK");
        assertEquals("BLOCK", gogo.property(gogo.run("wfp:classify INBOUND_TRANSPORT_V4 protocol=udp"), "action"));
    }

    @Test
    void jsonIsOneObjectWithTheDecision() throws Exception {
        String json = gogo.print("wfp:classify --json INBOUND_TRANSPORT_V4 protocol=tcp local.port=23");
        assertEquals(1, json.lines().count());
        Map<String, Object> o = parse(json);
        assertEquals("BLOCK", o.get("action"));
        assertEquals(Boolean.TRUE, o.get("hard"));
        assertEquals(telnet, ((Number) o.get("filterId")).longValue());
        assertEquals("no telnet", o.get("filterName"));
        assertEquals(Boolean.FALSE, o.get("vetoed"));
        assertEquals("STATIC_FILTER", o.get("reason"));

        Map<String, Object> none = parse(gogo.print("wfp:classify --json INBOUND_TRANSPORT_V4 protocol=udp"));
        assertEquals("PERMIT", none.get("action"));
        assertEquals(0L, ((Number) none.get("filterId")).longValue());
        assertNull(none.get("filterName"));
        assertEquals("NO_MATCH", none.get("reason"));
    }

    @Test
    void traceShowsEverySublayerAndWhatEachFilterDid() throws Exception {
        String t = gogo.print("wfp:classify --trace INBOUND_TRANSPORT_V4 protocol=tcp local.port=23"
                + " remote.addr=10.9.9.9");
        List<String> lines = t.lines().toList();
        assertTrue(lines.get(0).startsWith("PERMIT (hard) by filter " + lan), t);
        // lan (65535) first, then the universal sublayer (0x8000): every sublayer is evaluated (D1)
        int lanAt = t.indexOf("sublayer 'lan' weight 65535");
        int universal = t.indexOf("sublayer 'FWPM_SUBLAYER_UNIVERSAL' weight 32768");
        assertTrue(lanAt > 0 && universal > lanAt, t);
        // the static block below a hard permit: matched, but without the write right it changes nothing
        assertTrue(t.matches("(?s).*\\n\\s+" + telnet
                + "\\s+no telnet\\s+0x000000000000000a\\s+BLOCK\\s+BLOCK\\s+yes\\s+no\\s+no write right.*"), t);
        assertTrue(t.matches("(?s).*\\n\\s+" + lan
                + "\\s+from lan\\s+0x0000000000000064\\s+PERMIT\\s+PERMIT\\s+yes\\s+yes.*"),
                t);
        String json = gogo.print("wfp:classify --json --trace INBOUND_TRANSPORT_V4 protocol=tcp local.port=23");
        assertTrue(json.contains("\"sublayers\":[{\"key\":\"" + lanKey + "\",\"name\":\"lan\""), json);
    }

    @Test
    void theWhatIfCountsNothing() throws Exception {
        long before = classifies();
        gogo.run("wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23");
        assertEquals(before, classifies());
        assertEquals("", gogo.print("wfp:events --no-format --filter " + telnet));
    }

    @Test
    void valuesInTheirNaturalForm() throws Exception {
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V6 --action BLOCK --name pings"
                + " 'protocol == icmpv6 and icmp.type == 128 and remote.addr == 2001:db8::/32'");
        assertEquals("pings", gogo.property(gogo.run("wfp:classify INBOUND_TRANSPORT_V6 protocol=icmpv6"
                + " icmp.type=128 remote.addr=2001:db8::7"), "filterName"));
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --weight 1000 --name loop"
                + " 'flags has IS_LOOPBACK'");
        assertEquals("loop", gogo.property(gogo.run("wfp:classify INBOUND_TRANSPORT_V4"
                + " 'flags=IS_LOOPBACK|IS_FRAGMENT'"), "filterName"));
        assertEquals("loop", gogo.property(gogo.run("wfp:classify INBOUND_TRANSPORT_V4 IP_PROTOCOL=6 FLAGS=0x1"),
                "filterName"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 remote.addr=10.0.0.0/8")
                .contains("a packet has one value, not a prefix or a range"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 local.port=70000").contains("out of range"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 remote.prot=1").contains("did you mean remote.port?"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 local.port").contains("is not FIELD=VALUE"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 remote.addr=2001:db8::1")
                .contains("use the _V6 layer"));
        assertTrue(gogo.fails("wfp:classify INBOUND_TRANSPORT_V4 local.port=1 IP_LOCAL_PORT=2").contains("twice"));
    }

    private long classifies() {
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            long n = 0;
            for (LayerStatistics l : s.layerStatistics()) {
                n += l.classifies();
            }
            return n;
        }
    }

    /** A flat JSON object (strings, numbers, booleans, null); nested values are skipped. */
    static Map<String, Object> parse(String json) throws Exception {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken t = p.nextToken();
                switch (t) {
                    case VALUE_STRING -> out.put(name, p.getText());
                    case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
                    case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getBooleanValue());
                    case VALUE_NULL -> out.put(name, null);
                    default -> p.skipChildren();
                }
            }
            assertNull(p.nextToken(), "one object and nothing after it");
        }
        return out;
    }
}
