package weir.engine.core.expr;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import weir.engine.api.ConditionFlag;
import weir.engine.api.Direction;
import weir.engine.api.Field;

/**
 * The names a field's numbers can be written with: protocol names, directions, address types
 * ({@code NL_ADDRESS_TYPE}) and the FLAGS bits ({@code FWP_CONDITION_FLAG_*}). Read case-insensitively,
 * printed as listed here.
 */
final class Symbols {
    /** What a table names: one value at a time, or bits that combine with '|'. */
    enum Kind {
        VALUES, BITS
    }

    record Table(String what, Kind kind, Map<String, Long> byName) {
        /** The name of a value, or null. */
        String nameOf(long v) {
            for (Map.Entry<String, Long> e : byName.entrySet()) {
                if (e.getValue() == v) {
                    return e.getKey();
                }
            }
            return null;
        }

        /** The value of a name (any case), or null. */
        Long valueOf(String name) {
            for (Map.Entry<String, Long> e : byName.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    private static final Table PROTOCOLS = table("protocol", Kind.VALUES, "icmp", 1, "igmp", 2, "tcp", 6, "udp", 17,
            "gre", 47, "esp", 50, "ah", 51, "icmpv6", 58, "sctp", 132);
    private static final Table DIRECTIONS;
    private static final Table ADDRESS_TYPES = table("address type", Kind.VALUES, "unspecified", 0, "unicast", 1,
            "anycast", 2, "multicast", 3, "broadcast", 4);
    private static final Table FLAGS;

    static {
        Map<String, Long> d = new LinkedHashMap<>();
        for (Direction x : Direction.values()) {
            d.put(x.name().toLowerCase(Locale.ROOT), (long) x.code());
        }
        DIRECTIONS = new Table("direction", Kind.VALUES, d);
        Map<String, Long> f = new LinkedHashMap<>();
        for (ConditionFlag x : ConditionFlag.values()) {
            f.put(x.name(), (long) x.code());
        }
        FLAGS = new Table("flag", Kind.BITS, f);
    }

    private Symbols() {
    }

    /** The names a field's values may take, or null when it has none. */
    static Table of(Field field) {
        return switch (field) {
            case IP_PROTOCOL, EMBEDDED_PROTOCOL -> PROTOCOLS;
            case DIRECTION -> DIRECTIONS;
            case IP_LOCAL_ADDRESS_TYPE, IP_DESTINATION_ADDRESS_TYPE, EMBEDDED_LOCAL_ADDRESS_TYPE -> ADDRESS_TYPES;
            case FLAGS -> FLAGS;
            default -> null;
        };
    }

    private static Table table(String what, Kind kind, Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) {
            m.put((String) pairs[k], ((Integer) pairs[k + 1]).longValue());
        }
        return new Table(what, kind, m);
    }
}
