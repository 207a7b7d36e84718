package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutView;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/**
 * Finds the object a user names: layers by WFP name (any case), run-time id or key; sublayers, providers and
 * callouts by key or by (unique) name; filters by id, key or (unique) name. A miss is one line that says what
 * exists or what was probably meant.
 */
final class Lookup {
    private static final Pattern GUID = Pattern.compile(
            "\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"
            + "|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Lookup() {
    }

    /** The GUID in {@code text} (braces allowed), or null. */
    static UUID guid(String text) {
        if (text == null || !GUID.matcher(text).matches()) {
            return null;
        }
        return UUID.fromString(text.startsWith("{") ? text.substring(1, text.length() - 1) : text);
    }

    static Layer layer(String text) {
        String t = text.trim();
        for (Layer l : Layer.values()) {
            if (l.name().equalsIgnoreCase(t) || ("FWPM_LAYER_" + l.name()).equalsIgnoreCase(t)) {
                return l;
            }
        }
        if (t.matches("[0-9]+")) {
            Layer l = Layer.byId(Integer.parseInt(t));
            if (l != null) {
                return l;
            }
        }
        UUID key = guid(t);
        if (key != null && Layer.byKey(key) != null) {
            return Layer.byKey(key);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        Layer v4 = Layer.of(upper, IpVersion.V4);
        if (v4 != null) {
            throw new IllegalArgumentException("unknown layer '" + Echo.of(text) + "': layers come in two, " + v4.name()
                    + " and " + Layer.of(upper, IpVersion.V6).name());
        }
        List<String> names = new ArrayList<>();
        for (Layer l : Layer.values()) {
            names.add(l.name());
        }
        String hint = Suggest.didYouMean(upper, names);
        throw new IllegalArgumentException("unknown layer '" + Echo.of(text) + "'" + (hint.isEmpty()
                ? "; wfp:layers lists them (e.g. INBOUND_TRANSPORT_V4)" : hint));
    }

    static SubLayer subLayer(EngineSession s, String text) {
        return find("sublayer", text, s.subLayers(), SubLayer::subLayerKey, SubLayer::name, s::subLayer,
                "wfp:sublayers");
    }

    static Provider provider(EngineSession s, String text) {
        return find("provider", text, s.providers(), Provider::providerKey, Provider::name, s::provider,
                "wfp:providers");
    }

    static CalloutObject callout(EngineSession s, String text) {
        return find("callout", text, s.callouts(), CalloutObject::calloutKey, CalloutObject::name, s::callout,
                "wfp:callouts");
    }

    /**
     * A callout's key: a GUID as it is, the name of a callout object, or the name the runtime view shows for a
     * registration (which may have no object).
     */
    static UUID calloutKey(EngineSession s, CalloutRuntime runtime, String text) {
        UUID key = guid(text);
        if (key != null) {
            return key;
        }
        if (runtime != null) {
            List<UUID> byName = new ArrayList<>();
            for (CalloutView v : runtime.callouts()) {
                if (v.name().equals(text) && !byName.contains(v.calloutKey())) {
                    byName.add(v.calloutKey());
                }
            }
            if (byName.size() == 1) {
                return byName.get(0);
            }
        }
        return callout(s, text).calloutKey();
    }

    static Filter filter(EngineSession s, String text) {
        String t = text.trim();
        if (t.matches("[0-9]+")) {
            long id = Long.parseLong(t);
            return s.filter(id).orElseThrow(() -> new IllegalArgumentException(
                    "FILTER_NOT_FOUND: no filter has id " + id + "; wfp:filters lists them"));
        }
        return find("filter", t, s.filters(), Filter::filterKey, Filter::name, s::filter, "wfp:filters");
    }

    /** By key (which must exist), else by unique name. */
    private static <T> T find(String kind, String text, List<T> all, Function<T, UUID> keyOf,
            Function<T, String> nameOf, Function<UUID, Optional<T>> byKey, String lister) {
        UUID key = guid(text.trim());
        if (key != null) {
            return byKey.apply(key).orElseThrow(() -> new IllegalArgumentException(
                    kind.toUpperCase(Locale.ROOT).replace(' ', '_') + "_NOT_FOUND: no " + kind + " has key " + key
                            + "; " + lister + " lists them"));
        }
        List<T> named = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (T x : all) {
            names.add(nameOf.apply(x));
            if (nameOf.apply(x).equals(text)) {
                named.add(x);
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            List<String> keys = new ArrayList<>();
            for (T x : named) {
                keys.add(String.valueOf(keyOf.apply(x)));
            }
            throw new IllegalArgumentException(named.size() + " " + kind + "s are named '" + text
                    + "': name one by its key (" + String.join(", ", keys) + ")");
        }
        String hint = Suggest.didYouMean(text, names);
        throw new IllegalArgumentException("no " + kind + " is named '" + Echo.of(text) + "'"
                + (hint.isEmpty() ? "; " + lister + " lists them" : hint));
    }
}
