package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.block;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;
import weir.engine.core.mgmt.persist.StoreFile;

/**
 * Spec §6 persistence: persistent objects survive a restart (a new engine on the same folder), static and
 * dynamic ones do not; the store is written atomically with a backup. Damage: {@link StoreDamageTest}.
 */
class PersistenceTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @TempDir
    Path folder;

    private Path store() {
        return folder.resolve(StoreFile.NAME);
    }

    private Path journal() {
        return folder.resolve(StoreFile.JOURNAL);
    }

    /** A persistent set of every kind of object; returns the persistent filter. */
    private static Filter addPersistentObjects(EngineSession s) {
        Provider p = s.addProvider(new Provider(UUID.randomUUID(), new DisplayData("acme", "tab\there, 100%"), true,
                false, new byte[] {1, 2, 3}, "acmesvc"));
        ProviderContext c = s.addProviderContext(new ProviderContext(UUID.randomUUID(), DisplayData.of("ctx"), true,
                p.providerKey(), 8, new byte[] {9, 8}, 0));
        SubLayer sl = s.addSubLayer(new SubLayer(UUID.randomUUID(), DisplayData.of("acme sublayer"), true,
                p.providerKey(), new byte[] {4}, 0x4000));
        CalloutObject co = s.addCallout(CalloutObject.of(UUID.randomUUID(), "acme callout", L).withPersistent(true));
        s.addFilter(Filter.of("acme callout filter", L, FilterAction.calloutUnknown(co.calloutKey()))
                .withFlags(FilterFlag.PERSISTENT, FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED)
                .withSubLayer(sl.subLayerKey()).withProvider(p.providerKey(), null).withRawContext(77));
        return s.addFilter(block("ssh from outside", L).withKey(UUID.randomUUID())
                .withFlags(FilterFlag.PERSISTENT, FilterFlag.HAS_PROVIDER_CONTEXT, FilterFlag.CLEAR_ACTION_RIGHT)
                .withProvider(p.providerKey(), new byte[] {5, 6}).withSubLayer(sl.subLayerKey())
                .withProviderContext(c.providerContextKey()).withWeight(Weight.range(12))
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
                        Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8")),
                        Condition.range(Field.IP_REMOTE_PORT, Value.uint16(1024), Value.uint16(65535)),
                        Condition.equal(Field.IP_PROTOCOL, Value.uint8(6))));
    }

    @Test
    void persistence_restartRestoresPersistentObjectsAndNotStaticOrDynamicOnes() {
        List<Provider> providers;
        List<ProviderContext> contexts;
        List<SubLayer> subLayers;
        List<CalloutObject> callouts;
        List<Filter> filters;
        try (TestEngine t = new TestEngine(folder)) {
            EngineSession s = t.open("admin");
            s.addFilter(permit("static", L));
            s.addProvider(Provider.of(null, "static provider"));
            EngineSession dyn = t.dynamic("dyn");
            dyn.addFilter(permit("dynamic", L));
            addPersistentObjects(s);
            providers = s.providers().stream().filter(Provider::persistent).toList();
            contexts = s.providerContexts();
            subLayers = s.subLayers();
            callouts = s.callouts();
            filters = s.filters().stream().filter(f -> f.has(FilterFlag.PERSISTENT)).toList();
            assertEquals(4, s.filters().size());
        }
        try (TestEngine t = new TestEngine(folder)) {
            EngineSession s = t.open("after restart");
            assertEquals(providers, s.providers());
            assertEquals(subLayers, s.subLayers());
            assertEquals(callouts, s.callouts());
            assertEquals(contexts.size(), s.providerContexts().size());
            assertEquals(contexts.get(0).providerContextKey(), s.providerContexts().get(0).providerContextKey());
            List<Filter> restored = s.filters();
            assertEquals(2, restored.size(), "only the persistent filters are back");
            for (int i = 0; i < filters.size(); i++) {
                Filter before = filters.get(i);
                Filter after = s.filter(before.filterKey()).orElseThrow();
                assertEquals(before.withIds(before.filterKey(), before.subLayerKey(), after.filterId(),
                        before.effectiveWeight()), after, "same key, same filter; only the filterId may differ");
            }
            assertEquals(2, t.published.last(L).filters().size(), "restored filters are published");
            assertTrue(t.log.warnings.isEmpty(), t.log.warnings.toString());
        }
    }

    @Test
    void persistence_deletingAPersistentObjectRemovesItFromTheStore() {
        try (TestEngine t = new TestEngine(folder)) {
            EngineSession s = t.open("admin");
            Filter f = s.addFilter(permit("p", L).withFlags(FilterFlag.PERSISTENT));
            s.deleteFilter(f.filterKey());
        }
        try (TestEngine t = new TestEngine(folder)) {
            assertTrue(t.open("admin").filters().isEmpty());
        }
    }

    @Test
    void persistence_persistentFiltersAreEnforcedAfterRestart() {
        try (LiveEngine live = new LiveEngine(folder)) {
            live.open("admin").addFilter(block("p", L).withFlags(FilterFlag.PERSISTENT)
                    .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        }
        try (LiveEngine live = new LiveEngine(folder)) {
            assertEquals(ActionType.BLOCK, live.new Probe(L, 22).classify());
            assertEquals(ActionType.PERMIT, live.new Probe(L, 80).classify());
        }
    }

    @Test
    void persistence_aPersistentCommitAppendsOneRecordAndACleanStopCompacts() throws IOException {
        try (TestEngine t = new TestEngine(folder)) {
            EngineSession s = t.open("admin");
            s.addFilter(permit("one", L).withFlags(FilterFlag.PERSISTENT));
            assertFalse(Files.exists(store()), "a new store is its journal until the first compaction");
            long one = Files.size(journal());
            s.addFilter(permit("two", L).withFlags(FilterFlag.PERSISTENT));
            long two = Files.size(journal());
            assertTrue(two > one, "one more record");
            String tail = Files.readString(journal()).substring((int) one);
            assertTrue(tail.startsWith("txn\t2\t"), tail);
            assertTrue(tail.contains("\tname=two\t"), tail);
            s.addFilter(permit("static", L));
            assertEquals(two, Files.size(journal()), "a commit without persistent changes writes nothing");
        }
        // the clean stop folded the journal into a snapshot; the previous pair is the backup
        assertTrue(Files.readString(store()).contains("\tname=two\t"));
        assertEquals("weir-engine-journal\t1\t2\tsnapshot\n", Files.readString(journal()));
        assertEquals(Set.of(StoreFile.NAME, StoreFile.JOURNAL, StoreFile.JOURNAL + ".bak"), files(),
                "no temporary file is left (there was no snapshot before, so no store.txt.bak)");
        try (TestEngine t = new TestEngine(folder)) {
            assertEquals(List.of("one", "two"), t.open("admin").filters().stream().map(Filter::name).toList());
        }
    }

    @Test
    void persistence_leftoversOfAnInterruptedWriteAreRemoved() throws IOException {
        try (TestEngine t = new TestEngine(folder)) {
            t.open("admin").addFilter(permit("one", L).withFlags(FilterFlag.PERSISTENT));
        }
        // what a crash between writing a temporary file and renaming it leaves behind
        Files.writeString(folder.resolve(StoreFile.NAME + ".tmp"), "weir-engine-store\t2\thalf a wri");
        Files.writeString(folder.resolve(StoreFile.JOURNAL + ".tmp"), "weir-engine-jour");
        try (TestEngine t = new TestEngine(folder)) {
            assertEquals(1, t.open("admin").filters().size());
            assertTrue(t.log.warnings.isEmpty());
        }
        assertFalse(Files.exists(folder.resolve(StoreFile.NAME + ".tmp")));
        assertFalse(Files.exists(folder.resolve(StoreFile.JOURNAL + ".tmp")));
    }

    @Test
    void persistence_failedWriteRollsTheTransactionBackAndWritesNothing() throws IOException {
        try (TestEngine t = new TestEngine(folder)) {
            EngineSession s = t.open("admin");
            // the journal of a new store cannot be made: its temporary file's name is taken by a folder
            Files.createDirectories(folder.resolve(StoreFile.JOURNAL + ".tmp"));
            t.published.clear();
            WfpException e = assertThrows(WfpException.class,
                    () -> s.addFilter(permit("one", L).withFlags(FilterFlag.PERSISTENT)));
            assertEquals(ErrorCode.STORE_DAMAGED, e.error());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertEquals(List.of(), s.filters());
            assertEquals(0, t.published.last(L).filters().size(), "the classifier got the previous state back");
            assertFalse(Files.exists(store()));
            assertFalse(Files.exists(journal()));
            Files.deleteIfExists(folder.resolve(StoreFile.JOURNAL + ".tmp"));
            s.addFilter(permit("two", L).withFlags(FilterFlag.PERSISTENT));
        }
        try (TestEngine t = new TestEngine(folder)) {
            assertEquals(List.of("two"), t.open("admin").filters().stream().map(Filter::name).toList());
        }
    }

    @Test
    void persistence_withoutFolderNothingIsWritten() {
        try (TestEngine t = new TestEngine()) {
            t.open("admin").addFilter(permit("p", L).withFlags(FilterFlag.PERSISTENT));
        }
        assertEquals(Set.of(), files());
    }

    private Set<String> files() {
        try (Stream<Path> l = Files.list(folder)) {
            return l.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
