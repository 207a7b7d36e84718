package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;

/**
 * notify through real callout bundles (rules 24 and 25): a refused ADD_FILTER fails the add with
 * CALLOUT_NOTIFICATION_FAILED and adds nothing; DELETE_FILTER always deletes; ADD_FILTER_POST_COMMIT comes
 * after commit with ENABLE_COMMIT_ADD_NOTIFY; filters that existed before the callout registered get no ADD.
 */
@ExtendWith(BundleContextExtension.class)
class CalloutNotifyIT {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V6;

    @InjectBundleContext
    BundleContext context;

    private Rig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new Rig(context);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private List<String> filterNames(UUID key) {
        return rig.session.filters(FilterEnumTemplate.all().withCallout(key)).stream().map(Filter::name).toList();
    }

    @Test
    void rule24_aRefusedAddFailsTheAddAndAddsNothing() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.start(CalloutBundle.of("weir.itest.picky", key).refusing("refused"));

        WfpException e = assertThrows(WfpException.class,
                () -> rig.filter("refused filter", LAYER, FilterAction.calloutInspection(key)));
        assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, e.error());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertEquals(List.of(), filterNames(key));

        Filter ok = rig.filter("accepted filter", LAYER, FilterAction.calloutInspection(key));
        assertEquals(List.of("accepted filter"), filterNames(key));
        rig.session.deleteFilter(ok.filterKey());
        assertEquals(List.of("weir.itest.picky/1.0.0 notify ADD_FILTER refused filter",
                "weir.itest.picky/1.0.0 notify ADD_FILTER accepted filter",
                "weir.itest.picky/1.0.0 notify DELETE_FILTER accepted filter"), rig.sink.with(" notify "));
    }

    @Test
    void rule24_filtersOlderThanTheRegistrationGetNoAddButTheirDelete() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        Filter old = rig.filter("older", LAYER, FilterAction.calloutInspection(key));
        rig.start(CalloutBundle.of("weir.itest.late", key));
        assertEquals(List.of(), rig.sink.with(" notify "));
        rig.session.deleteFilter(old.filterId());
        assertEquals(List.of("weir.itest.late/1.0.0 notify DELETE_FILTER older"), rig.sink.with(" notify "));
    }

    @Test
    void rule25_postCommitOnlyAfterTheTransactionCommits() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.start(CalloutBundle.of("weir.itest.committed", key).flags("ENABLE_COMMIT_ADD_NOTIFY"));
        rig.session.beginTransaction(false);
        rig.filter("in a transaction", LAYER, FilterAction.calloutInspection(key));
        assertEquals(List.of("weir.itest.committed/1.0.0 notify ADD_FILTER in a transaction"),
                rig.sink.with(" notify "));
        rig.session.commit();
        assertEquals(List.of("weir.itest.committed/1.0.0 notify ADD_FILTER in a transaction",
                "weir.itest.committed/1.0.0 notify ADD_FILTER_POST_COMMIT in a transaction"),
                rig.sink.with(" notify "));
    }
}
