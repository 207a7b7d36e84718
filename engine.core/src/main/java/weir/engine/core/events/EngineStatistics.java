package weir.engine.core.events;

import java.util.List;

import weir.engine.api.FilterStatistics;
import weir.engine.api.LayerStatistics;

/** Per-layer and per-filter counters, updated without locks, read without stopping classification. */
public final class EngineStatistics {
    public List<LayerStatistics> layers() {
        throw new UnsupportedOperationException("TODO");
    }

    public List<FilterStatistics> filters() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The counters of one filter (zeros if it never matched). */
    public FilterStatistics filter(long filterId) {
        throw new UnsupportedOperationException("TODO");
    }
}
