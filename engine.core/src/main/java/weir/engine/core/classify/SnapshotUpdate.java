package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.events.EngineStatistics;

/**
 * A layer's next snapshot from its current one and one transaction's changes ({@link LayerChange}). A small
 * change is applied filter by filter: a deleted filter is found by its weight and id in its sublayer's array,
 * an added one is compiled, given a free label between its neighbours and inserted; the index gets each as a
 * path-copying insert or remove, and everything else is shared with the old snapshot. A large change (more than
 * an eighth of the layer), one that finds no free label, or {@value #REBUILD_AFTER}+ single changes since the
 * index was last built as a whole, builds the layer as a whole instead, keeping its compiled filters.
 */
final class SnapshotUpdate {
    /** Single changes after which the index is rebuilt as a whole (at least; or the layer's size). */
    static final int REBUILD_AFTER = 256;

    private SnapshotUpdate() {
    }

    /**
     * @throws IllegalArgumentException for an added filter of another layer, without filterId, or in a sublayer
     *         that is neither published nor listed (nothing is published then)
     */
    static LayerSnapshot apply(LayerSnapshot old, LayerChange change, CalloutTable callouts,
            EngineStatistics statistics, boolean index) {
        Layer layer = old.layer;
        Map<UUID, SubLayer> named = new HashMap<>();
        for (SubLayer s : change.subLayers()) {
            named.put(s.subLayerKey(), s);
        }
        for (Filter f : change.added()) {
            UUID key = SnapshotCompiler.subLayerKey(layer, f);
            SnapshotCompiler.check(layer, f, named.containsKey(key) || old.find(key) >= 0);
        }
        int size = old.size();
        int count = change.deleted().size() + change.added().size();
        if (index != old.index.split || count > Math.max(64, size / 8)) {
            return rebuild(old, change, named, callouts, statistics, index);
        }
        List<LayerSnapshot.SubLayerFilters> subs = new ArrayList<>(Arrays.asList(old.subLayers));
        FilterIndex ix = old.index;
        for (Filter d : change.deleted()) {
            int s = find(subs, SnapshotCompiler.subLayerKey(layer, d));
            if (s < 0) {
                continue; // a disabled filter: never indexed
            }
            CompiledFilter[] fs = subs.get(s).filters;
            int i = position(fs, d.effectiveWeight(), d.filterId());
            if (i < 0) {
                continue;
            }
            ix = ix.remove(fs[i]);
            if (fs.length == 1) {
                subs.remove(s);
            } else {
                CompiledFilter[] out = new CompiledFilter[fs.length - 1];
                System.arraycopy(fs, 0, out, 0, i);
                System.arraycopy(fs, i + 1, out, i, fs.length - i - 1);
                subs.set(s, subs.get(s).with(out));
            }
        }
        for (Filter a : change.added()) {
            if (a.has(FilterFlag.DISABLED)) {
                continue;
            }
            UUID key = SnapshotCompiler.subLayerKey(layer, a);
            int s = find(subs, key);
            if (s < 0) {
                s = placeSubLayer(subs, subLayer(old, named, key));
                if (s < 0) {
                    return rebuild(old, change, named, callouts, statistics, index);
                }
            }
            LayerSnapshot.SubLayerFilters sl = subs.get(s);
            CompiledFilter[] fs = sl.filters;
            int p = -position(fs, a.effectiveWeight(), a.filterId()) - 1;
            long before = p == 0 ? 0 : fs[p - 1].order & (LayerOrder.SPACE - 1);
            long after = p == fs.length ? LayerOrder.SPACE : fs[p].order & (LayerOrder.SPACE - 1);
            long label = LayerOrder.between(before, after, LayerOrder.SPACE, LayerOrder.STEP);
            if (label < 0) {
                return rebuild(old, change, named, callouts, statistics, index);
            }
            CompiledFilter c = SnapshotCompiler.compile(layer, a, callouts, statistics)
                    .at(LayerOrder.order(sl.label, label));
            CompiledFilter[] out = new CompiledFilter[fs.length + 1];
            System.arraycopy(fs, 0, out, 0, p);
            out[p] = c;
            System.arraycopy(fs, p, out, p + 1, fs.length - p);
            subs.set(s, sl.with(out));
            ix = ix.insert(c);
        }
        LayerSnapshot.SubLayerFilters[] array = subs.toArray(new LayerSnapshot.SubLayerFilters[0]);
        int changes = old.changes + count;
        if (changes > Math.max(REBUILD_AFTER, size)) {
            // the tree's tests were chosen for the filters of its last build: choose again
            ix = FilterIndex.build(all(array), IndexFields.of(layer), index);
            changes = 0;
        }
        return new LayerSnapshot(layer, array, ix, changes);
    }

    /** Every filter of the sublayers, in evaluation order. */
    static CompiledFilter[] all(LayerSnapshot.SubLayerFilters[] subs) {
        int n = 0;
        for (LayerSnapshot.SubLayerFilters s : subs) {
            n += s.filters.length;
        }
        CompiledFilter[] out = new CompiledFilter[n];
        int k = 0;
        for (LayerSnapshot.SubLayerFilters s : subs) {
            System.arraycopy(s.filters, 0, out, k, s.filters.length);
            k += s.filters.length;
        }
        return out;
    }

    /** The layer built as a whole from the old snapshot's compiled filters and the change. */
    private static LayerSnapshot rebuild(LayerSnapshot old, LayerChange change, Map<UUID, SubLayer> named,
            CalloutTable callouts, EngineStatistics statistics, boolean index) {
        Layer layer = old.layer;
        Set<Long> gone = new HashSet<>();
        for (Filter d : change.deleted()) {
            gone.add(d.filterId());
        }
        Map<UUID, SubLayer> meta = new HashMap<>();
        Map<UUID, List<CompiledFilter>> members = new LinkedHashMap<>();
        for (LayerSnapshot.SubLayerFilters s : old.subLayers) {
            meta.put(s.key, SubLayer.of(s.key, s.name, s.weight));
            for (CompiledFilter c : s.filters) {
                if (!gone.contains(c.filterId)) {
                    members.computeIfAbsent(s.key, k -> new ArrayList<>()).add(c);
                }
            }
        }
        for (Filter a : change.added()) {
            if (a.has(FilterFlag.DISABLED)) {
                continue;
            }
            UUID key = SnapshotCompiler.subLayerKey(layer, a);
            meta.putIfAbsent(key, named.get(key));
            members.computeIfAbsent(key, k -> new ArrayList<>()).add(SnapshotCompiler.compile(layer, a, callouts,
                    statistics));
        }
        List<SubLayer> present = new ArrayList<>();
        for (UUID k : members.keySet()) {
            present.add(meta.get(k));
        }
        return SnapshotCompiler.assemble(layer, present, members, index);
    }

    /** The position of the filter with this weight and id, or {@code -(insertion point) - 1}. */
    private static int position(CompiledFilter[] fs, long weight, long filterId) {
        int lo = 0;
        int hi = fs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = SnapshotCompiler.compare(fs[mid], weight, filterId);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** A sublayer's description: from the change, or from the old snapshot (its last filter went in this change). */
    private static SubLayer subLayer(LayerSnapshot old, Map<UUID, SubLayer> named, UUID key) {
        SubLayer s = named.get(key);
        if (s != null) {
            return s;
        }
        LayerSnapshot.SubLayerFilters e = old.subLayers[old.find(key)];
        return SubLayer.of(e.key, e.name, e.weight);
    }

    private static int find(List<LayerSnapshot.SubLayerFilters> subs, UUID key) {
        for (int i = 0; i < subs.size(); i++) {
            if (subs.get(i).key.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Inserts an empty entry for a sublayer that gets its first filter here; its index, or -1 (no free label). */
    private static int placeSubLayer(List<LayerSnapshot.SubLayerFilters> subs, SubLayer s) {
        int p = 0;
        while (p < subs.size() && precedes(subs.get(p), s)) {
            p++;
        }
        long before = p == 0 ? 0 : subs.get(p - 1).label;
        long after = p == subs.size() ? LayerOrder.SUB_SPACE : subs.get(p).label;
        long label = LayerOrder.between(before, after, LayerOrder.SUB_SPACE, LayerOrder.SUB_STEP);
        if (label < 0) {
            return -1;
        }
        subs.add(p, new LayerSnapshot.SubLayerFilters(s.subLayerKey(), s.name(), s.weight(), label,
                new CompiledFilter[0]));
        return p;
    }

    /** Whether entry {@code e} comes before sublayer {@code s} in evaluation order (rule 1, D4). */
    private static boolean precedes(LayerSnapshot.SubLayerFilters e, SubLayer s) {
        if (e.weight != s.weight()) {
            return e.weight > s.weight();
        }
        return Order.compareKeys(e.key, s.subLayerKey()) < 0;
    }
}
