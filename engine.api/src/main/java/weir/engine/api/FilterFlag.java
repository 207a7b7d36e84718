package weir.engine.api;

import java.util.EnumSet;
import java.util.Set;

/** WFP's {@code FWPM_FILTER_FLAG_*}, with their numeric values. */
public enum FilterFlag {
    PERSISTENT(0x1),
    BOOTTIME(0x2),
    HAS_PROVIDER_CONTEXT(0x4),
    /** A PERMIT from this filter is hard: only a callout veto below can block it. */
    CLEAR_ACTION_RIGHT(0x8),
    /** Only with CALLOUT_TERMINATING / CALLOUT_UNKNOWN: PERMIT while the callout is not registered. */
    PERMIT_IF_CALLOUT_UNREGISTERED(0x10),
    /** Output only. */
    DISABLED(0x20),
    INDEXED(0x40);

    private final int code;

    FilterFlag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The flags as WFP's bit mask. */
    public static int mask(Set<FilterFlag> flags) {
        int m = 0;
        for (FilterFlag f : flags) {
            m |= f.code;
        }
        return m;
    }

    /** The flags of a WFP bit mask (unknown bits ignored). */
    public static Set<FilterFlag> of(int mask) {
        Set<FilterFlag> s = EnumSet.noneOf(FilterFlag.class);
        for (FilterFlag f : values()) {
            if ((mask & f.code) != 0) {
                s.add(f);
            }
        }
        return s;
    }
}
