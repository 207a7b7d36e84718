package weir.shim.pcap.capture;

/** The problems met while reading one file: counts per reason, and the reason reading ended early. */
final class ReadStatus {
    private final long[] counts = new long[ReadProblem.values().length];
    private ReadProblem ended;
    private String detail;
    private long endOffset = -1;

    void count(ReadProblem problem) {
        counts[problem.ordinal()]++;
    }

    /** Ends reading (reject or stop) and records why; the first reason wins. */
    void end(ReadProblem problem, String detail, long offset) {
        if (ended == null) {
            counts[problem.ordinal()]++;
            ended = problem;
            this.detail = detail;
            this.endOffset = offset;
        }
    }

    long countOf(ReadProblem problem) {
        return counts[problem.ordinal()];
    }

    ReadProblem ended() {
        return ended;
    }

    String detail() {
        return detail;
    }

    long endOffset() {
        return endOffset;
    }
}
