package weir.engine.core.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Layer;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/**
 * The objects of one kind in a file (providers, sublayers or callouts), so that other objects can name them
 * by key or by name. A key needs no match in the file: it may name an object already in the engine (the
 * import checks). A name must name exactly one object of the file.
 */
final class Refs {
    /** One referable object: its key (null if it had none that could be read), name, position, layer. */
    record Named(UUID key, String name, Loc loc, Layer layer) {
    }

    private final String kind;
    private final List<Named> objects = new ArrayList<>();
    /** The objects by key: a file of 10,000 filters is checked for duplicate keys in linear time, not quadratic. */
    private final Map<UUID, Named> byKey = new HashMap<>();

    Refs(String kind) {
        this.kind = kind;
    }

    /** Adds an object; reports a key that an earlier object of this kind already has. */
    void add(Named n, Loc keyLoc, Problems problems) {
        if (n.key() != null) {
            Named o = byKey.putIfAbsent(n.key(), n);
            if (o != null) {
                problems.add(keyLoc, "duplicate " + kind + " key " + n.key() + " (first at line " + o.loc().line()
                        + "): keys are unique per object type");
                return;
            }
        }
        objects.add(n);
    }

    /** The object of the file with this key, or null. */
    Named byKey(UUID key) {
        return byKey.get(key);
    }

    /**
     * The key the member names, or null: absent, or reported (no such name in the file, an ambiguous name,
     * a wrong type).
     */
    UUID resolve(ObjectReader o, String member) {
        String text = o.string(member, false, "");
        if (text == null) {
            return null;
        }
        UUID key = PolicyFile.guid(text);
        if (key != null) {
            return key;
        }
        List<Named> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Named n : objects) {
            if (n.name() == null) {
                continue; // an object without a name (reported where it stands) cannot be named
            }
            names.add(n.name());
            if (text.equals(n.name())) {
                found.add(n);
            }
        }
        if (found.size() == 1) {
            return found.get(0).key();
        }
        if (found.isEmpty()) {
            o.error(member, "no " + kind + " named '" + Echo.of(text) + "' in this file" + Suggest.didYouMean(text, names)
                    + (names.isEmpty() ? "" : "; " + kind + "s here: " + shown(names))
                    + " (name a " + kind + " outside the file by its key)");
        } else {
            StringBuilder lines = new StringBuilder();
            for (Named n : found) {
                lines.append(lines.length() > 0 ? ", " : "").append(n.loc().line());
            }
            o.error(member, kind + " name '" + Echo.of(text) + "' is ambiguous: " + found.size() + " " + kind
                    + "s have it (lines " + lines + "); name it by its key");
        }
        return null;
    }

    /** The names of the file's objects for a message: each clipped, at most ten. */
    private static String shown(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < names.size() && k < 10; k++) {
            b.append(k > 0 ? ", " : "").append(Echo.of(names.get(k)));
        }
        return names.size() > 10 ? b + " and " + (names.size() - 10) + " more" : b.toString();
    }
}
