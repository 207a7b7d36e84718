package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;

/** wfp:layers, wfp:layer, wfp:sublayers, wfp:sublayer-add/-delete and wfp:providers inside Felix. */
@ExtendWith(ServiceExtension.class)
class ObjectCommandsIT {
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Gogo gogo;

    @BeforeEach
    void open() {
        gogo = new Gogo(processor);
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void layersListsEveryLayerWithIdFieldsAndFilterCount() throws Exception {
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name x");
        List<String> rows = gogo.print("wfp:layers --no-format").lines().toList();
        assertEquals(Layer.values().length, rows.size());
        for (Layer l : Layer.values()) {
            String row = rows.get(l.ordinal());
            assertEquals(List.of(l.name(), Integer.toString(l.layerId()), l.ipVersion().name(),
                    Integer.toString(l.fields().size()), l == Layer.INBOUND_TRANSPORT_V4 ? "1" : "0", "PERMIT",
                    l.key().toString()), List.of(row.split("\t")));
        }
        assertTrue(gogo.print("wfp:layers").startsWith("LAYER "), "a header when formatted");
    }

    @Test
    void layerShowsFieldsWithIndexNameAndType() throws Exception {
        String shown = gogo.print("wfp:layer inbound_transport_v4");
        assertTrue(shown.startsWith("INBOUND_TRANSPORT_V4  id 12  V4  key 5926dfc8-e3cf-4426-a283-dc393f5d0f9d"),
                shown);
        List<String> fields = gogo.print("wfp:layer --no-format 12").lines().toList();
        assertEquals(Layer.INBOUND_TRANSPORT_V4.fields().size(), fields.size());
        assertEquals("0\tprotocol\tIP_PROTOCOL\tUINT8", fields.get(0));
        assertEquals("2\tremote.addr\tIP_REMOTE_ADDRESS\tUINT32", fields.get(2));
        assertEquals("4\tlocal.port\tIP_LOCAL_PORT\tUINT16", fields.get(4));
        String v6 = gogo.print("wfp:layer INBOUND_TRANSPORT_V6");
        assertTrue(v6.matches("(?s).*\\n\\s+2\\s+remote.addr\\s+IP_REMOTE_ADDRESS\\s+BYTE_ARRAY16\\n.*"), v6);
        assertEquals("wfp:layer: unknown layer 'inbound_transport': layers come in two, INBOUND_TRANSPORT_V4 and"
                + " INBOUND_TRANSPORT_V6", gogo.fails("wfp:layer inbound_transport"));
        assertTrue(gogo.fails("wfp:layer INBOUND_TRANSPORT_V3").contains("did you mean INBOUND_TRANSPORT_V4?"));
    }

    @Test
    void sublayerAddListDelete() throws Exception {
        Object added = gogo.run("wfp:sublayer-add --weight 4096 --description 'the lan' lan");
        String key = (String) gogo.property(added, "key");
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            SubLayer sl = s.subLayer(UUID.fromString(key)).orElseThrow();
            assertEquals(4096, sl.weight());
            assertEquals("the lan", sl.displayData().description());
        }
        List<String> rows = gogo.print("wfp:sublayers --no-format").lines().toList();
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).startsWith(Layer.SUBLAYER_UNIVERSAL + "\t"), "highest weight first: " + rows);
        assertTrue(rows.get(0).endsWith("built-in"), rows.get(0));
        assertEquals(key + "\tlan\t4096\t0\t\t", rows.get(1));
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer " + key + " --action BLOCK --name x");
        assertTrue(gogo.fails("wfp:sublayer-delete lan").contains("IN_USE"));
        gogo.run("wfp:filter-delete x");
        assertEquals("deleted sublayer 'lan' (" + key + ")", gogo.print("wfp:sublayer-delete lan"));
        assertTrue(gogo.fails("wfp:sublayer-delete " + Layer.SUBLAYER_UNIVERSAL).contains("BUILTIN_OBJECT"));
        assertTrue(gogo.fails("wfp:sublayer-add --weight 70000 big").contains("0..65535"));
    }

    @Test
    void namesThatAreNotUniqueAskForTheKey() throws Exception {
        gogo.run("wfp:sublayer-add twin");
        gogo.run("wfp:sublayer-add twin");
        String e = gogo.fails("wfp:filters --sublayer twin");
        assertTrue(e.contains("2 sublayers are named 'twin': name one by its key"), e);
    }

    @Test
    void providersListsProvidersWithWhatNamesThem() throws Exception {
        try (EngineSession s = engine.open(SessionOptions.named("setup"))) {
            Provider p = s.addProvider(new Provider(null, new DisplayData("corp", "example"), false,
                    false, null, "svc"));
            s.addSubLayer(SubLayer.of(null, "lan", 1).withProvider(p.providerKey()));
        }
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --provider corp --action BLOCK --name x");
        String table = gogo.print("wfp:providers");
        assertTrue(table.lines().toList().get(0)
                .matches("KEY\\s+NAME\\s+SUBLAYERS\\s+FILTERS\\s+SERVICE\\s+DESCRIPTION"),
                table);
        String row = gogo.print("wfp:providers --no-format");
        assertTrue(row.matches("[0-9a-f-]{36}\tcorp\t1\t1\t\tsvc\texample"), row);
    }
}
