package weir.shim.pcap.flow;

import weir.shim.pcap.packet.ParsedPacket;

/**
 * A packet's flow key, both directions alike: the two endpoints (address, port) in a canonical order, so a
 * reply finds its request's flow. Mutable and reused packet after packet. For ICMP echo and the other
 * informational messages with an identifier, the identifier takes both port slots (request and reply share
 * it, as conntrack keys them); other ICMP messages key on their type. Protocols without ports key on the
 * addresses alone ("treated like UDP", spec §1.2).
 */
final class FlowKey {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    long meta;
    long aHigh;
    long aLow;
    long bHigh;
    long bLow;
    /** True for an IPv4 key (its high words are 0). */
    boolean v4;
    /** True when the packet's source is endpoint A. */
    boolean sourceIsA;
    int hash;

    /** Fills the key from a packet with intact transport headers; false if it cannot have a flow. */
    boolean set(ParsedPacket p) {
        int protocol = p.protocol();
        if (protocol < 0 || !p.hasAddresses() || p.laterFragment() || p.icmpError()) {
            return false;
        }
        long sHigh;
        long sLow;
        long dHigh;
        long dLow;
        v4 = p.ipVersion() == 4;
        if (v4) {
            sHigh = 0;
            dHigh = 0;
            sLow = Integer.toUnsignedLong(p.sourceAddress4());
            dLow = Integer.toUnsignedLong(p.destinationAddress4());
        } else {
            sHigh = p.sourceAddressHigh();
            sLow = p.sourceAddressLow();
            dHigh = p.destinationAddressHigh();
            dLow = p.destinationAddressLow();
        }
        int sPort = 0;
        int dPort = 0;
        if (protocol == TCP || protocol == UDP) {
            if (!p.hasPorts()) {
                return false;
            }
            sPort = p.sourcePort();
            dPort = p.destinationPort();
        } else if (p.icmp()) {
            int id = icmpIdentifier(p);
            sPort = id;
            dPort = id;
        }
        int c = compare(sHigh, sLow, sPort, dHigh, dLow, dPort);
        sourceIsA = c <= 0;
        if (sourceIsA) {
            aHigh = sHigh;
            aLow = sLow;
            bHigh = dHigh;
            bLow = dLow;
            meta = meta(p.ipVersion(), protocol, sPort, dPort);
        } else {
            aHigh = dHigh;
            aLow = dLow;
            bHigh = sHigh;
            bLow = sLow;
            meta = meta(p.ipVersion(), protocol, dPort, sPort);
        }
        hash = mix(meta, aHigh, aLow, bHigh, bLow);
        return true;
    }

    /**
     * The {@link #hash} {@link #set} would give the frame, read straight from its bytes for the common case
     * (Ethernet, IPv4 without options' surprises, not a fragment, TCP or UDP), or 0 when it is not that case.
     * Only a hint (see {@link FlowTracker#touch}): a wrong or missing one costs time, never a verdict.
     */
    static int hint(byte[] a, int offset, int capturedLength, int linkType) {
        if (linkType != 1 || capturedLength < 14 + 20 + 4 || a[offset + 12] != 0x08 || a[offset + 13] != 0) {
            return 0;
        }
        int ip = offset + 14;
        int ihl = (a[ip] & 0x0F) * 4;
        if ((a[ip] & 0xF0) != 0x40 || ihl < 20 || capturedLength < 14 + ihl + 4
                || ((a[ip + 6] & 0x3F) | a[ip + 7]) != 0) {
            return 0; // not IPv4, a short header, or a fragment (MF set or an offset)
        }
        int protocol = a[ip + 9] & 0xFF;
        if (protocol != TCP && protocol != UDP) {
            return 0;
        }
        long source = u32(a, ip + 12);
        long destination = u32(a, ip + 16);
        int t = ip + ihl;
        int sPort = ((a[t] & 0xFF) << 8) | (a[t + 1] & 0xFF);
        int dPort = ((a[t + 2] & 0xFF) << 8) | (a[t + 3] & 0xFF);
        int c = compare(0, source, sPort, 0, destination, dPort);
        return c <= 0 ? mix(meta(4, protocol, sPort, dPort), 0, source, 0, destination)
                : mix(meta(4, protocol, dPort, sPort), 0, destination, 0, source);
    }

    private static long u32(byte[] a, int at) {
        return ((long) (a[at] & 0xFF) << 24) | ((a[at + 1] & 0xFF) << 16) | ((a[at + 2] & 0xFF) << 8)
                | (a[at + 3] & 0xFF);
    }

    static long meta(int version, int protocol, int portA, int portB) {
        return ((long) version << 40) | ((long) protocol << 32) | ((long) portA << 16) | portB;
    }

    static int version(long meta) {
        return (int) (meta >>> 40) & 0xF;
    }

    static int protocol(long meta) {
        return (int) (meta >>> 32) & 0xFF;
    }

    static int portA(long meta) {
        return (int) (meta >>> 16) & 0xFFFF;
    }

    static int portB(long meta) {
        return (int) meta & 0xFFFF;
    }

    /** Echo (and timestamp, information, address mask) messages: their identifier; others: their type. */
    private static int icmpIdentifier(ParsedPacket p) {
        int type = p.icmpType();
        boolean withId = p.ipVersion() == 4
                ? type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16 || type == 17
                        || type == 18
                : type == 128 || type == 129;
        int at = p.transportOffset() + 4;
        if (!withId || at + 2 > p.offset() + p.length()) {
            return 0x10000 - 1 - type; // apart from identifiers in practice; stable per type
        }
        byte[] a = p.array();
        return ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
    }

    private static int compare(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        if (c == 0) {
            c = Long.compareUnsigned(aLow, bLow);
        }
        return c != 0 ? c : Integer.compare(aPort, bPort);
    }

    /** A well-mixed non-zero hash (0 marks a free slot). */
    static int mix(long meta, long aHigh, long aLow, long bHigh, long bLow) {
        long h = meta * 0x9E3779B97F4A7C15L;
        h = (h ^ aHigh) * 0xBF58476D1CE4E5B9L;
        h = (h ^ aLow) * 0x94D049BB133111EBL;
        h = (h ^ bHigh) * 0x9E3779B97F4A7C15L;
        h = (h ^ bLow) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        int r = (int) (h ^ (h >>> 32));
        return r == 0 ? 1 : r;
    }
}
