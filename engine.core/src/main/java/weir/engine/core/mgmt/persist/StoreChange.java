package weir.engine.core.mgmt.persist;

import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * One change of a persistent object inside a committed transaction: what a journal record lists, in the
 * transaction's order.
 *
 * @param kind the store's name of the object's kind: provider, context, sublayer, callout or filter
 * @param added the object, for an add; null for a delete
 */
public record StoreChange(String kind, UUID key, Object added) {

    public static StoreChange add(Object object) {
        return new StoreChange(kind(object), key(object), object);
    }

    public static StoreChange delete(Object object) {
        return new StoreChange(kind(object), key(object), null);
    }

    static String kind(Object o) {
        if (o instanceof Provider) {
            return "provider";
        } else if (o instanceof ProviderContext) {
            return "context";
        } else if (o instanceof SubLayer) {
            return "sublayer";
        } else if (o instanceof CalloutObject) {
            return "callout";
        } else if (o instanceof Filter) {
            return "filter";
        }
        throw new IllegalArgumentException("not a persistent object: " + o);
    }

    static UUID key(Object o) {
        if (o instanceof Provider p) {
            return p.providerKey();
        } else if (o instanceof ProviderContext c) {
            return c.providerContextKey();
        } else if (o instanceof SubLayer s) {
            return s.subLayerKey();
        } else if (o instanceof CalloutObject c) {
            return c.calloutKey();
        }
        return ((Filter) o).filterKey();
    }
}
