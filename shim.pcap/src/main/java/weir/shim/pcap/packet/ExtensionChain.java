package weir.shim.pcap.packet;

import static weir.shim.pcap.packet.Wire.u16;
import static weir.shim.pcap.packet.Wire.u32;

/**
 * Walks an IPv6 extension-header chain: hop-by-hop (0), routing (43), destination options (60), mobility
 * (135), HIP (139), shim6 (140) of (len+1)*8 bytes; fragment (44) of 8; AH (51) of (len+2)*4. ESP (50),
 * no-next-header (59) and any upper layer end it; so does a non-first fragment, at its fragment header.
 * The results are in the fields, valid until the next walk. Reusable, not thread-safe.
 */
final class ExtensionChain {
    static final int TRUNCATED = -1;
    static final int TOO_LONG = -2;
    static final int FRAGMENT = 44;
    static final int AH = 51;
    static final int MAX_HEADERS = 16;

    /** The header type after the chain (or where it broke off). */
    int next;
    boolean fragment;
    boolean laterFragment;
    boolean moreFragments;
    int fragmentOffset;
    long fragmentId;

    /**
     * Walks from {@code pos} (the first header's type is {@code header}) within {@code end}; returns the
     * offset of what follows the chain, or TRUNCATED / TOO_LONG.
     */
    int walk(byte[] a, int pos, int end, int header) {
        fragment = false;
        laterFragment = false;
        moreFragments = false;
        fragmentOffset = 0;
        fragmentId = 0;
        for (int n = 0;; n++) {
            next = header;
            int length;
            switch (header) {
                case 0: // hop-by-hop options
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - pos < 2) {
                        return TRUNCATED;
                    }
                    length = ((a[pos + 1] & 0xFF) + 1) * 8;
                    break;
                case AH:
                    if (end - pos < 2) {
                        return TRUNCATED;
                    }
                    length = ((a[pos + 1] & 0xFF) + 2) * 4;
                    break;
                case FRAGMENT:
                    if (end - pos < 8) {
                        return TRUNCATED;
                    }
                    int field = u16(a, pos + 2);
                    fragment = true;
                    fragmentOffset = field & 0xFFF8;
                    moreFragments = (field & 1) != 0;
                    fragmentId = u32(a, pos + 4) & 0xFFFFFFFFL;
                    laterFragment = fragmentOffset != 0;
                    length = 8;
                    break;
                default:
                    return pos;
            }
            if (n == MAX_HEADERS) {
                return TOO_LONG;
            }
            if (end - pos < length) {
                return TRUNCATED;
            }
            header = a[pos] & 0xFF;
            pos += length;
            if (laterFragment) {
                next = header;
                return pos;
            }
        }
    }
}
