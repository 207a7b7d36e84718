package weir.engine.api;

/**
 * A filter's weight as given at add time ({@code FWP_VALUE0} of type EMPTY, UINT8 or UINT64), from which the
 * engine computes the 64-bit {@code effectiveWeight} (spec §2.1, D3).
 */
public sealed interface Weight permits Weight.Auto, Weight.Exact, Weight.InRange {

    /** FWP_EMPTY: the engine assigns {@code autoWeight < 2^60} from the conditions' specificity (D3). */
    record Auto() implements Weight {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** FWP_UINT64: used verbatim (unsigned). */
    record Exact(long value) implements Weight {
        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    /** FWP_UINT8 {@code r} in 0..15: effective weight {@code (r << 60) | autoWeight}; r > 15 is INVALID_WEIGHT. */
    record InRange(int range) implements Weight {
        @Override
        public String toString() {
            return "range " + range;
        }
    }

    /** {@code FWPM_AUTO_WEIGHT_BITS}. */
    int AUTO_WEIGHT_BITS = 60;
    /** {@code FWPM_WEIGHT_RANGE_MAX}. */
    int RANGE_MAX = 15;

    static Weight auto() {
        return new Auto();
    }

    static Weight exact(long value) {
        return new Exact(value);
    }

    static Weight range(int r) {
        return new InRange(r);
    }
}
