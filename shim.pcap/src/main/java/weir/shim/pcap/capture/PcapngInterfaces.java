package weir.shim.pcap.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The interfaces one pcapng section has described, by id: link type, effective snapshot length, and time
 * base (if_tsresol, if_tsoffset). Converts a packet's raw timestamp to seconds and nanoseconds with
 * libpcap's integer arithmetic, so both agree to the nanosecond. Grows when an interface is added (not per
 * packet).
 */
final class PcapngInterfaces {
    static final long MICROS = 1_000_000L;
    private static final long NANOS = 1_000_000_000L;
    private static final int OPTION_END = 0;
    private static final int OPTION_TSRESOL = 9;
    private static final int OPTION_TSOFFSET = 14;

    private int count;
    private int[] linkTypes = new int[4];
    private int[] snapshots = new int[4];
    private long[] units = new long[4];
    private boolean[] binary = new boolean[4];
    private long[] offsets = new long[4];

    // the description read by the last describe()
    int linkType;
    int snaplen;
    long resolution;
    boolean binaryResolution;
    long offset;
    boolean badOption;

    // the timestamp split by the last timestamp()
    long seconds;
    long fraction;

    /** A new section: its interfaces are numbered from 0 again. */
    void clear() {
        count = 0;
    }

    int count() {
        return count;
    }

    /** True when {@code id} (unsigned) names an interface of this section that can carry packets. */
    boolean known(int id) {
        return Integer.compareUnsigned(id, count) < 0 && linkTypes[id] >= 0;
    }

    int linkType(int id) {
        return linkTypes[id];
    }

    int snapshot(int id) {
        return snapshots[id];
    }

    /**
     * Reads an interface description block's body into the fields above: false when it is too short to
     * have a link type. A malformed option ends the options (earlier values and defaults stay) and sets
     * {@link #badOption}.
     */
    boolean describe(ByteBuffer b, int body, int bodyLength) {
        if (bodyLength < 8) {
            return false;
        }
        linkType = b.getShort(body) & 0xFFFF;
        snaplen = b.getInt(body + 4);
        resolution = MICROS;
        binaryResolution = false;
        offset = 0;
        badOption = false;
        int p = body + 8;
        int end = body + bodyLength;
        while (end - p >= 4) {
            int code = b.getShort(p) & 0xFFFF;
            int length = b.getShort(p + 2) & 0xFFFF;
            int padded = (length + 3) & ~3;
            if (code == OPTION_END) {
                break;
            }
            if (padded > end - p - 4) {
                badOption = true;
                break;
            }
            int v = p + 4;
            if (code == OPTION_TSRESOL) {
                int r = length == 1 ? b.get(v) & 0xFF : -1;
                if (r < 0 || (r & 0x80) != 0 && (r & 0x7F) > 63 || (r & 0x80) == 0 && r > 19) {
                    badOption = true;
                    break;
                }
                binaryResolution = (r & 0x80) != 0;
                resolution = binaryResolution ? 1L << (r & 0x7F) : powerOfTen(r);
            } else if (code == OPTION_TSOFFSET) {
                if (length != 8) {
                    badOption = true;
                    break;
                }
                offset = b.getLong(v);
            }
            p = v + padded;
        }
        return true;
    }

    /** Adds the interface {@link #describe} read as the next id, or (when it could not) a placeholder. */
    void add(boolean described) {
        if (count == linkTypes.length) {
            int n = count * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            snapshots = Arrays.copyOf(snapshots, n);
            units = Arrays.copyOf(units, n);
            binary = Arrays.copyOf(binary, n);
            offsets = Arrays.copyOf(offsets, n);
        }
        int k = count++;
        linkTypes[k] = described ? linkType : -1;
        snapshots[k] = LinkType.effectiveSnaplen(linkType, snaplen);
        units[k] = resolution;
        binary[k] = binaryResolution;
        offsets[k] = offset;
    }

    /** Splits a raw timestamp of interface {@code id} into {@link #seconds} and {@link #fraction} (ns). */
    void timestamp(int id, long t) {
        long unit = units[id];
        long s = Long.divideUnsigned(t, unit);
        long f = Long.remainderUnsigned(t, unit);
        if (unit == MICROS) {
            f *= 1000;
        } else if (binary[id]) {
            f = Long.divideUnsigned(f * NANOS, unit); // wraps where libpcap's uint64_t does
        } else if (Long.compareUnsigned(unit, NANOS) < 0) {
            f *= NANOS / unit;
        } else if (unit != NANOS) {
            f = Long.divideUnsigned(f, Long.divideUnsigned(unit, NANOS));
        }
        seconds = s + offsets[id];
        fraction = f;
    }

    /** True for a resolution (units per second, unsigned) finer than a microsecond. */
    static boolean finerThanMicroseconds(long resolution) {
        return Long.compareUnsigned(resolution, MICROS) > 0;
    }

    private static long powerOfTen(int exponent) {
        long r = 1;
        for (int i = 0; i < exponent; i++) {
            r *= 10; // 10^19 wraps to its unsigned value, as in libpcap's uint64_t
        }
        return r;
    }
}
