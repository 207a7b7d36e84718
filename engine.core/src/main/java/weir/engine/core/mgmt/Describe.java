package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.DisplayData;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.Echo;

/**
 * How error messages and log lines name objects: kind, name in quotes (at most about 80 characters of it, control
 * characters escaped), and the key when there is no name.
 */
final class Describe {
    private Describe() {
    }

    static String filter(Filter f) {
        return named("filter", f.displayData(), f.filterKey());
    }

    /**
     * The filter's description, made when first asked for ({@link Object#toString}): an add names the filter in
     * a message only when it refuses it, and an import of thousands of filters would otherwise build a string each.
     */
    static Object lazily(Filter f) {
        return new Object() {
            private String text;

            @Override
            public String toString() {
                if (text == null) {
                    text = filter(f);
                }
                return text;
            }
        };
    }

    static String subLayer(SubLayer s) {
        return named("sublayer", s.displayData(), s.subLayerKey());
    }

    static String provider(Provider p) {
        return named("provider", p.displayData(), p.providerKey());
    }

    static String context(ProviderContext c) {
        return named("provider context", c.displayData(), c.providerContextKey());
    }

    static String callout(CalloutObject c) {
        return named("callout", c.displayData(), c.calloutKey());
    }

    static String of(Object o) {
        if (o instanceof Filter f) {
            return filter(f);
        } else if (o instanceof SubLayer s) {
            return subLayer(s);
        } else if (o instanceof Provider p) {
            return provider(p);
        } else if (o instanceof ProviderContext c) {
            return context(c);
        } else if (o instanceof CalloutObject c) {
            return callout(c);
        }
        return String.valueOf(o);
    }

    /** True when a display name is given (FWPM_DISPLAY_DATA0.name is required). */
    static boolean hasName(DisplayData d) {
        return d != null && d.name() != null && !d.name().isBlank();
    }

    private static String named(String kind, DisplayData d, UUID key) {
        if (hasName(d)) {
            return kind + " '" + Echo.of(d.name()) + "'"; // a name can be 100 KB: every message repeats it
        }
        return key == null ? kind + " without a name" : kind + " " + key;
    }
}
