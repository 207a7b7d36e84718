package weir.engine.core.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.DisplayData;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/**
 * Turns a policy's JSON tree into a {@link Policy}: the top level, providers, sublayers and callout
 * objects here; filters in {@link FilterReader}. Collects every error instead of stopping at the first.
 */
final class PolicyReader {
    private static final Set<String> TOP = Set.of("version", "providers", "sublayers", "callouts", "filters");
    private static final Set<String> PROVIDER = Set.of("key", "name", "description", "persistent", "serviceName", "data");
    private static final Set<String> SUBLAYER = Set.of("key", "name", "description", "weight", "provider", "persistent", "data");
    private static final Set<String> CALLOUT = Set.of("key", "name", "description", "layer", "provider", "persistent",
            "usesProviderContext");

    private final Problems problems;
    private final String text;
    private final Refs providerRefs = new Refs("provider");
    private final Refs subLayerRefs = new Refs("sublayer");
    private final Refs calloutRefs = new Refs("callout");

    PolicyReader(Problems problems, String text) {
        this.problems = problems;
        this.text = text;
    }

    Policy read(Json root) {
        ObjectReader top = ObjectReader.of(root, "a policy", TOP, problems);
        if (top == null) {
            return null;
        }
        Json version = top.get("version");
        if (version != null && !(version instanceof Json.Num n && n.text().equals("1"))) {
            top.error("version", "this Weir reads policy version 1, not " + (version instanceof Json.Num n
                    ? n.text() : version.kind()));
        }
        // names first, so that references may point forward as well as back
        List<ObjectReader> providers = objects(top, "providers", "a provider", PROVIDER);
        List<ObjectReader> subLayers = objects(top, "sublayers", "a sublayer", SUBLAYER);
        List<ObjectReader> callouts = objects(top, "callouts", "a callout", CALLOUT);
        List<UUID> providerKeys = register(providers, providerRefs, true, false);
        List<UUID> subLayerKeys = register(subLayers, subLayerRefs, true, false);
        List<UUID> calloutKeys = register(callouts, calloutRefs, false, true);

        List<Policy.Entry<Provider>> pe = new ArrayList<>();
        for (int k = 0; k < providers.size(); k++) {
            pe.add(provider(providers.get(k), providerKeys.get(k)));
        }
        List<Policy.Entry<SubLayer>> se = new ArrayList<>();
        for (int k = 0; k < subLayers.size(); k++) {
            se.add(subLayer(subLayers.get(k), subLayerKeys.get(k)));
        }
        List<Policy.Entry<CalloutObject>> ce = new ArrayList<>();
        for (int k = 0; k < callouts.size(); k++) {
            Policy.Entry<CalloutObject> e = callout(callouts.get(k), calloutKeys.get(k));
            if (e != null) {
                ce.add(e);
            }
        }
        FilterReader filters = new FilterReader(problems, text, subLayerRefs, providerRefs, calloutRefs);
        Refs filterRefs = new Refs("filter");
        List<Policy.Entry<Filter>> fe = new ArrayList<>();
        for (Json f : top.list("filters")) {
            Policy.Entry<Filter> e = filters.read(f);
            if (e != null) {
                if (e.object().filterKey() != null && !PolicyFile.isZero(e.object().filterKey())) {
                    filterRefs.add(new Refs.Named(e.object().filterKey(), e.object().name(), e.loc(), e.object().layer()),
                            e.at("key"), problems);
                }
                fe.add(e);
            }
        }
        return new Policy(problems.file(), pe, se, ce, fe);
    }

    private List<ObjectReader> objects(ObjectReader top, String member, String what, Set<String> allowed) {
        List<ObjectReader> out = new ArrayList<>();
        for (Json j : top.list(member)) {
            ObjectReader o = ObjectReader.of(j, what, allowed, problems);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * Reads each object's key and name into {@code refs}; returns the keys in order. A provider or sublayer
     * without a key gets a fresh one (as WFP's engine assigns one to a zero GUID); a callout needs one,
     * because its key is what links it to the registered callout code.
     */
    private List<UUID> register(List<ObjectReader> objects, Refs refs, boolean assign, boolean withLayer) {
        List<UUID> keys = new ArrayList<>();
        for (ObjectReader o : objects) {
            UUID key = o.key("key", !assign);
            if (PolicyFile.isZero(key) && !assign) {
                o.error("key", "a callout object needs a key of its own, not the zero GUID: the key links it to the "
                        + "callout code that registers with it");
                key = null;
            } else if (assign && (key == null && !o.has("key") || PolicyFile.isZero(key))) {
                // D19: no key, or the zero GUID, is "assign one"; a fresh key now lets the file's objects refer to it
                key = UUID.randomUUID();
            }
            String name = o.string("name", true, "\"my " + (withLayer ? "callout" : "object") + "\"");
            Layer layer = withLayer ? layer(o) : null;
            refs.add(new Refs.Named(key, name, o.loc(), layer), o.locOf("key"), problems);
            keys.add(key);
        }
        return keys;
    }

    /** The "layer" member: WFP's layer name without FWPM_LAYER_, e.g. INBOUND_TRANSPORT_V4. */
    static Layer layer(ObjectReader o) {
        String s = o.string("layer", true, "\"INBOUND_TRANSPORT_V4\"");
        if (s == null) {
            return null;
        }
        Layer l = PolicyFile.layer(s);
        if (l == null) {
            List<String> names = new ArrayList<>();
            for (Layer x : Layer.values()) {
                names.add(x.name());
            }
            String hint = Suggest.didYouMean(s, names);
            o.error("layer", "unknown layer '" + Echo.of(s) + "'" + (hint.isEmpty() ? "; layers are WFP's names without "
                    + "FWPM_LAYER_, e.g. INBOUND_TRANSPORT_V4, ALE_AUTH_CONNECT_V6 (wfp:layers lists them)" : hint));
        }
        return l;
    }

    private static DisplayData display(ObjectReader o) {
        String name = o.string("name", false, "");
        String description = o.string("description", false, "");
        return new DisplayData(name == null ? "" : name, description);
    }

    private static Map<String, Loc> members(ObjectReader o, String... names) {
        Map<String, Loc> m = new HashMap<>();
        for (String n : names) {
            if (o.has(n)) {
                m.put(n, o.locOf(n));
            }
        }
        return m;
    }

    private Policy.Entry<Provider> provider(ObjectReader o, UUID key) {
        Provider p = new Provider(key, display(o), o.bool("persistent"), false, o.hex("data"),
                o.string("serviceName", false, ""));
        return new Policy.Entry<>(p, o.loc(), members(o, "key", "name", "persistent", "serviceName", "data"));
    }

    private Policy.Entry<SubLayer> subLayer(ObjectReader o, UUID key) {
        BigInteger w = o.integer("weight", BigInteger.ZERO, BigInteger.valueOf(0xFFFF));
        UUID provider = providerRefs.resolve(o, "provider");
        SubLayer s = new SubLayer(key, display(o), o.bool("persistent"), provider, o.hex("data"),
                w == null ? 0 : w.intValue());
        return new Policy.Entry<>(s, o.loc(), members(o, "key", "name", "weight", "provider", "persistent", "data"));
    }

    private Policy.Entry<CalloutObject> callout(ObjectReader o, UUID key) {
        UUID provider = providerRefs.resolve(o, "provider");
        Refs.Named n = key == null ? null : calloutRefs.byKey(key);
        Layer layer = n == null ? null : n.layer();
        if (key == null || layer == null) {
            o.bool("persistent");
            o.bool("usesProviderContext");
            return null;
        }
        CalloutObject c = new CalloutObject(key, display(o), o.bool("persistent"), o.bool("usesProviderContext"),
                provider, layer, false, 0);
        return new Policy.Entry<>(c, o.loc(), members(o, "key", "name", "layer", "provider", "persistent"));
    }
}
