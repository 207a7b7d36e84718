package weir.engine.core.shell;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import weir.engine.api.ActionType;
import weir.engine.api.FilterFlag;
import weir.engine.api.Weight;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/** Reads the shell's words for booleans, weights, actions, flags and times, with one-line errors. */
final class Values {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Values() {
    }

    static boolean bool(String v, String what) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1":
                return true;
            case "false", "off", "no", "0":
                return false;
            default:
                throw new IllegalArgumentException(what + " is true or false, not '" + Echo.of(v) + "'");
        }
    }

    /** {@code auto} (FWP_EMPTY), a number 0..2^64-1 (FWP_UINT64, used as it is) or {@code range:N} (FWP_UINT8). */
    static Weight weight(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return Weight.auto();
        }
        if (t.startsWith("range:") || t.startsWith("range=")) {
            try {
                return Weight.range(Integer.parseInt(t.substring(6)));
            } catch (NumberFormatException e) {
                throw weightError(v);
            }
        }
        try {
            BigInteger n = t.startsWith("0x") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
            if (n.signum() < 0 || n.compareTo(UINT64_MAX) > 0) {
                throw weightError(v);
            }
            return Weight.exact(n.longValue());
        } catch (NumberFormatException e) {
            throw weightError(v);
        }
    }

    private static IllegalArgumentException weightError(String v) {
        return new IllegalArgumentException("weight '" + Echo.of(v) + "' is not auto, a number 0..18446744073709551615"
                + " (FWP_UINT64, the effective weight itself) or range:N with N 0..15 (FWP_UINT8)");
    }

    /** A filter's action type: PERMIT, BLOCK or a callout type (the FWP_ACTION_ prefix and case optional). */
    static ActionType action(String v) {
        String t = v.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("FWP_ACTION_")) {
            t = t.substring("FWP_ACTION_".length());
        }
        for (ActionType a : EnumSet.of(ActionType.PERMIT, ActionType.BLOCK, ActionType.CALLOUT_TERMINATING,
                ActionType.CALLOUT_INSPECTION, ActionType.CALLOUT_UNKNOWN)) {
            if (a.name().equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action '" + Echo.of(v) + "' is not PERMIT, BLOCK, CALLOUT_TERMINATING,"
                + " CALLOUT_INSPECTION or CALLOUT_UNKNOWN");
    }

    /** Filter flags, comma-separated (FWPM_FILTER_FLAG_ prefix and case optional). */
    static Set<FilterFlag> flags(String v) {
        Set<FilterFlag> out = EnumSet.noneOf(FilterFlag.class);
        for (String part : v.split("[,|]")) {
            String t = part.trim().toUpperCase(Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("FWPM_FILTER_FLAG_")) {
                t = t.substring("FWPM_FILTER_FLAG_".length());
            }
            FilterFlag f = null;
            for (FilterFlag x : FilterFlag.values()) {
                if (x.name().equals(t)) {
                    f = x;
                }
            }
            if (f == null) {
                List<String> names = new ArrayList<>();
                for (FilterFlag x : FilterFlag.values()) {
                    names.add(x.name());
                }
                String hint = Suggest.didYouMean(t, names);
                throw new IllegalArgumentException("unknown filter flag '" + Echo.of(part.trim()) + "'" + (hint.isEmpty()
                        ? "; flags are " + String.join(", ", names) : hint));
            }
            out.add(f);
        }
        return out;
    }

    /**
     * A point in time: an ISO instant ({@code 2024-05-01T12:00:00Z}), a time of today ({@code 14:30},
     * {@code 14:30:15}, local zone), or an age ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}: that long ago).
     */
    static Instant since(String v, Instant now) {
        String t = v.trim();
        if (t.matches("[0-9]+[smhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            if (t.matches("[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?")) {
                ZoneId zone = ZoneId.systemDefault();
                return LocalDate.now(zone).atTime(LocalTime.parse(t.length() < 5 ? "0" + t : t)).atZone(zone)
                        .toInstant();
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + Echo.of(v) + "' is not an age (30s, 5m, 2h, 1d), a time of"
                    + " today (14:30) or an instant (2024-05-01T12:00:00Z)");
        }
    }
}
