package weir.shim.pcap.capture;

/**
 * What can be wrong with a capture file, by name. A {@link Effect#REJECT} problem means no packet can be
 * read; a {@link Effect#STOP} problem ends the file after the packets before it; a {@link Effect#COUNT}
 * problem is counted and reading goes on.
 */
public enum ReadProblem {
    UNREADABLE(Effect.REJECT, "cannot be read"),
    NOT_A_CAPTURE(Effect.REJECT, "not a pcap or pcapng file"),
    TRUNCATED_FILE_HEADER(Effect.REJECT, "file header cut short"),
    UNSUPPORTED_VERSION(Effect.REJECT, "unsupported format version"),
    BAD_SECTION_HEADER(Effect.REJECT, "bad pcapng section header block"),

    /** The file changed or failed under the reader (I/O error, file shrunk while mapped). */
    READ_ERROR(Effect.STOP, "read error"),
    /** A pcap record header or its packet data runs past the end of the file. */
    TRUNCATED_RECORD(Effect.STOP, "last packet record cut short"),
    /** A pcap record's captured length is above the largest libpcap accepts for its link type. */
    RECORD_TOO_LARGE(Effect.STOP, "packet record length beyond the maximum (corrupt record)"),
    /** A pcapng block runs past the end of the file. */
    TRUNCATED_BLOCK(Effect.STOP, "last block cut short"),
    /** A pcapng block length is too small, not a multiple of 4, or differs from its trailer copy. */
    BAD_BLOCK_LENGTH(Effect.STOP, "corrupt block length"),
    /** A later pcapng section header with a bad byte-order magic or an unknown major version. */
    BAD_LATER_SECTION(Effect.STOP, "unreadable later section header"),

    /** A packet longer than the file's snapshot length: cut to it, as libpcap does. */
    CAPLEN_ABOVE_SNAPLEN(Effect.COUNT, "captured length above the snapshot length, cut to it"),
    /** A pcapng packet block too short for its own fields or captured length: skipped. */
    BAD_PACKET_BLOCK(Effect.COUNT, "packet block shorter than its contents, skipped"),
    /** A pcapng packet on an interface this section has not described: skipped. */
    UNKNOWN_INTERFACE(Effect.COUNT, "packet on an undescribed interface, skipped"),
    /** A pcapng interface description block too short to name its link type. */
    BAD_INTERFACE_BLOCK(Effect.COUNT, "interface description block too short, its packets skipped"),
    /** A malformed option in an interface description: that option and the ones after it are ignored. */
    BAD_INTERFACE_OPTION(Effect.COUNT, "bad interface option, defaults used");

    /** How a problem affects reading. */
    public enum Effect {
        REJECT,
        STOP,
        COUNT
    }

    private final Effect effect;
    private final String description;

    ReadProblem(Effect effect, String description) {
        this.effect = effect;
        this.description = description;
    }

    public Effect effect() {
        return effect;
    }

    /** A few words for a report line. */
    public String description() {
        return description;
    }
}
