package weir.callouts.logging;

import java.nio.file.Path;

/**
 * The configuration as the writer uses it: the file resolved against the data folder, sizes in bytes, every
 * value in range.
 */
record Settings(Path file, long rotationBytes, int rotationCount, boolean packetRecords, SummaryLevel summaryLevel,
        int queueSize) {
    static final String DEFAULT_FILE = "logs/flows.jsonl";

    /** @param data Weir's data folder ({@code weir.data}) */
    static Settings of(FlowLogConfig c, Path data) {
        String name = c.file() == null || c.file().isBlank() ? DEFAULT_FILE : c.file().trim();
        SummaryLevel level;
        try {
            level = c.summaryLogLevel();
        } catch (IllegalArgumentException e) {
            level = SummaryLevel.DEBUG; // a value DS could not convert: the default, and FlowLog says so
        }
        return new Settings(data.resolve(name).toAbsolutePath().normalize(),
                Math.max(0, c.rotationSizeMb()) * 1024L * 1024L, Math.max(0, c.rotationCount()), c.packetRecords(),
                level == null ? SummaryLevel.DEBUG : level, Math.max(1, c.queueSize()));
    }
}
