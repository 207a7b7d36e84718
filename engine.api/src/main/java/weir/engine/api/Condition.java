package weir.engine.api;

import java.util.Objects;

/**
 * WFP's {@code FWPM_FILTER_CONDITION0}: one test of one field. A filter's conditions on different fields are
 * AND-ed; conditions on the same field are OR-ed, wherever they stand in the list (D5). Validated when the
 * filter is added (field in the layer, type, match type, mask, range).
 */
public record Condition(Field field, MatchType matchType, Value value) {
    public Condition {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(matchType, "matchType");
        Objects.requireNonNull(value, "value");
    }

    /** {@code field == value}. */
    public static Condition equal(Field field, Value value) {
        return new Condition(field, MatchType.EQUAL, value);
    }

    /** {@code low <= field <= high}. */
    public static Condition range(Field field, Value low, Value high) {
        return new Condition(field, MatchType.RANGE, Value.range(low, high));
    }

    @Override
    public String toString() {
        String v = field.isAddress() ? Value.formatAddress(value) : Value.format(value);
        return field + " " + matchType + " " + v;
    }
}
