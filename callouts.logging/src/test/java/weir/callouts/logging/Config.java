package weir.callouts.logging;

import java.lang.annotation.Annotation;

/** A {@link FlowLogConfig} for tests outside a framework, where DS would make one from ConfigAdmin. */
final class Config implements FlowLogConfig {
    String file = "";
    int rotationSizeMb = 100;
    int rotationCount = 5;
    boolean packetRecords;
    SummaryLevel summaryLogLevel = SummaryLevel.DEBUG;
    int queueSize = 16384;

    @Override
    public Class<? extends Annotation> annotationType() {
        return FlowLogConfig.class;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public int rotationSizeMb() {
        return rotationSizeMb;
    }

    @Override
    public int rotationCount() {
        return rotationCount;
    }

    @Override
    public boolean packetRecords() {
        return packetRecords;
    }

    @Override
    public SummaryLevel summaryLogLevel() {
        return summaryLogLevel;
    }

    @Override
    public int queueSize() {
        return queueSize;
    }
}
