package weir.shim.pcap.run;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Which source to open, as the command line ({@code --replay}, {@code --live}, {@code --bridge} and their
 * companions, carried as framework properties) or {@code shim:open} gives it.
 *
 * @param kind replay, live or bridge
 * @param target the file, the interface, or the two interfaces {@code A,B}
 */
record SourceSpec(String kind, String target, String local, Path permitted, Path dropped) {
    static final String REPLAY = "replay";
    static final String LIVE = "live";
    static final String BRIDGE = "bridge";

    /** The source the launcher's framework properties name, or null when none. */
    static SourceSpec fromProperties(Function<String, String> properties) {
        String replay = properties.apply("weir.shim.replay");
        String live = properties.apply("weir.shim.live");
        String bridge = properties.apply("weir.shim.bridge");
        String local = properties.apply("weir.shim.local");
        Path permitted = ShimService.path(properties.apply("weir.shim.permitted"));
        Path dropped = ShimService.path(properties.apply("weir.shim.dropped"));
        if (replay != null) {
            return new SourceSpec(REPLAY, replay, local, permitted, dropped);
        }
        if (permitted != null || dropped != null) {
            throw new IllegalArgumentException("--permitted and --dropped need --replay FILE");
        }
        if (live != null) {
            return new SourceSpec(LIVE, live, local, null, null);
        }
        if (bridge != null) {
            return new SourceSpec(BRIDGE, bridge, local, null, null);
        }
        return null;
    }

    /** The source, not yet opened. */
    Source create(ShimSettings settings) {
        switch (kind) {
            case REPLAY:
                return new ReplaySource(Path.of(target).toAbsolutePath(), permitted, dropped);
            case LIVE:
                return new LiveSource(target, settings.live());
            case BRIDGE: {
                String[] sides = target.split(",");
                if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank() || sides[0].equals(sides[1])) {
                    throw new IllegalArgumentException("--bridge " + target
                            + ": give two different interfaces, inside first: --bridge IF_A,IF_B");
                }
                return new BridgeSource(sides[0].strip(), sides[1].strip(), settings.live());
            }
            default:
                throw new IllegalArgumentException("unknown source kind " + kind + ": replay, live or bridge");
        }
    }
}
