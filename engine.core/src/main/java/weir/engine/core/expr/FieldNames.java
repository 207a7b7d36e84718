package weir.engine.core.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.Field;
import weir.engine.api.Layer;

/**
 * The names of condition fields in expressions: short readable ones ({@code remote.port}) and every WFP
 * field by its enum name ({@code IP_REMOTE_PORT}), resolved against one layer's schema.
 */
public final class FieldNames {
    /** Readable name → field; the first name listed for a field is the one printed. */
    private static final Map<String, Field> READABLE = new LinkedHashMap<>();

    static {
        READABLE.put("protocol", Field.IP_PROTOCOL);
        READABLE.put("local.addr", Field.IP_LOCAL_ADDRESS);
        READABLE.put("remote.addr", Field.IP_REMOTE_ADDRESS);
        READABLE.put("src.addr", Field.IP_SOURCE_ADDRESS);
        READABLE.put("dst.addr", Field.IP_DESTINATION_ADDRESS);
        READABLE.put("local.addr.type", Field.IP_LOCAL_ADDRESS_TYPE);
        READABLE.put("dst.addr.type", Field.IP_DESTINATION_ADDRESS_TYPE);
        READABLE.put("local.port", Field.IP_LOCAL_PORT);
        READABLE.put("remote.port", Field.IP_REMOTE_PORT);
        READABLE.put("icmp.type", Field.ICMP_TYPE);
        READABLE.put("icmp.code", Field.ICMP_CODE);
        READABLE.put("direction", Field.DIRECTION);
        READABLE.put("flags", Field.FLAGS);
        READABLE.put("if.index", Field.INTERFACE_INDEX);
        READABLE.put("sub.if.index", Field.SUB_INTERFACE_INDEX);
        READABLE.put("if.type", Field.INTERFACE_TYPE);
        READABLE.put("tunnel.type", Field.TUNNEL_TYPE);
        READABLE.put("local.if", Field.IP_LOCAL_INTERFACE);
        READABLE.put("embedded.protocol", Field.EMBEDDED_PROTOCOL);
        READABLE.put("embedded.remote.addr", Field.EMBEDDED_REMOTE_ADDRESS);
        READABLE.put("embedded.local.addr.type", Field.EMBEDDED_LOCAL_ADDRESS_TYPE);
        READABLE.put("embedded.local.port", Field.EMBEDDED_LOCAL_PORT);
        READABLE.put("embedded.remote.port", Field.EMBEDDED_REMOTE_PORT);
        READABLE.put("app", Field.ALE_APP_ID);
    }

    private FieldNames() {
    }

    /** The readable names and the fields they stand for (where the layer has them), for documentation. */
    public static Map<String, Field> readable() {
        return Map.copyOf(READABLE);
    }

    /**
     * The field a name stands for at a layer.
     *
     * @throws ValueException naming the field, the layer and the fields the layer has, with a suggestion
     */
    public static Field resolve(Layer layer, String name) {
        Field f = READABLE.get(name);
        if (f != null) {
            Field at = atLayer(layer, f, true);
            if (at == null) {
                throw new ValueException(name + " (" + f + ") is not a field of " + layer + "; its fields are: "
                        + String.join(", ", namesAt(layer)));
            }
            return at;
        }
        f = byEnumName(name);
        if (f != null) {
            Field at = atLayer(layer, f, false);
            if (at == null) {
                throw new ValueException(f + " is not a field of " + layer + "; its fields are: "
                        + String.join(", ", namesAt(layer)));
            }
            return at;
        }
        List<String> known = new ArrayList<>(namesAt(layer));
        for (Field x : layer.fields()) {
            known.add(x.name());
        }
        String hint = Suggest.didYouMean(name, known);
        throw new ValueException("unknown field '" + Echo.of(name) + "' at " + layer
                + (hint.isEmpty() ? "; its fields are: " + String.join(", ", namesAt(layer)) : hint));
    }

    /** The field with this WFP enum name (any case), or null. */
    public static Field byEnumName(String name) {
        for (Field x : Field.values()) {
            if (x.name().equalsIgnoreCase(name)) {
                return x;
            }
        }
        return null;
    }

    /**
     * The layer's own field for {@code f}: {@code f} itself, or the layer's field that shares its key (WFP's
     * ICMP_TYPE/ICMP_CODE are the port keys). With {@code icmpInPorts}, icmp.type/code also map to the port
     * slots at layers that carry ICMP type and code there (those with a protocol and port fields).
     */
    public static Field atLayer(Layer layer, Field f, boolean icmpInPorts) {
        if (layer.indexOf(f) >= 0) {
            return f;
        }
        for (Field x : layer.fields()) {
            if (x.key().equals(f.key())) {
                if (!icmpInPorts || layer.indexOf(Field.IP_PROTOCOL) >= 0) {
                    return x;
                }
            }
        }
        return null;
    }

    /** The name a field is printed with at a layer: its readable name there, else its WFP enum name. */
    public static String nameOf(Layer layer, Field field) {
        for (Map.Entry<String, Field> e : READABLE.entrySet()) {
            Field at = atLayer(layer, e.getValue(), true);
            if (at == field && (e.getValue() == field || !READABLE.containsValue(field))) {
                return e.getKey();
            }
        }
        return field.name();
    }

    /**
     * The names a field's values may be written with (protocols, directions, address types, FLAGS bits), as
     * they print; empty for fields with numbers or addresses only. For the shell's tab completion.
     */
    public static List<String> valueNames(Field field) {
        Symbols.Table t = Symbols.of(field);
        return t == null ? List.of() : List.copyOf(t.byName().keySet());
    }

    /** The layer's fields by the names they print with, in schema order. */
    public static List<String> namesAt(Layer layer) {
        List<String> l = new ArrayList<>();
        for (Field f : layer.fields()) {
            l.add(nameOf(layer, f));
        }
        return l;
    }
}
