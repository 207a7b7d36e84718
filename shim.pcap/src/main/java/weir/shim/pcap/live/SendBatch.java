package weir.shim.pcap.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * Frames waiting to leave one interface, sent together: on Linux with one {@code sendmmsg} on the capture
 * handle's own packet socket (which is what {@code pcap_inject} does with {@code send}, one frame at a time);
 * elsewhere with {@code pcap_inject} per frame. Frames are copied into a native arena as they are added, so
 * the caller's array is free again at once. Nothing here allocates once built. Used by one thread.
 */
final class SendBatch implements FrameSink {
    /** Frames per system call: enough to amortize it, few enough to keep a burst's latency small. */
    static final int FRAMES = 64;
    private static final int ALIGN = 16;
    private static final int RETRIES = 1000;

    private final Pointer pcap;
    private final int fd;
    private final boolean batched;
    private final int pointer = Native.POINTER_SIZE;
    private final int messageSize = 8 * pointer;
    private final Memory arena;
    private final long arenaAddress;
    private final Memory iovecs;
    private final Memory messages;
    private final long messagesAddress;
    /** Points into the message vector or the arena: moved, never allocated. */
    private final Pointer cursor = new Pointer(0);
    private final NativeLong size = new NativeLong();
    private final SendCounters counters;
    private final int largest;
    private int count;
    private int used;

    /**
     * @param pcap the handle frames leave through
     * @param fd its packet socket for {@code sendmmsg}, or -1 to send with {@code pcap_inject}
     * @param largest the largest frame to send (larger ones are refused and counted, as the kernel would)
     */
    SendBatch(Pointer pcap, int fd, int largest, SendCounters counters) {
        this.pcap = pcap;
        this.fd = fd;
        this.counters = counters;
        this.largest = largest;
        this.batched = fd >= 0 && Posix.Batch.available();
        int slot = align(Math.max(largest, 64));
        this.arena = new Memory((long) slot * (batched ? FRAMES : 1));
        this.arenaAddress = Pointer.nativeValue(arena);
        this.iovecs = new Memory(2L * pointer * FRAMES);
        this.messages = new Memory((long) messageSize * FRAMES);
        this.messagesAddress = Pointer.nativeValue(messages);
        messages.clear();
        // struct mmsghdr { struct msghdr { name, namelen, iov, iovlen, control, controllen, flags }, len }:
        // one iovec each; no address (the socket is bound to its interface), no control data
        for (int i = 0; i < FRAMES; i++) {
            long m = (long) i * messageSize;
            putWord(messages, m + 2L * pointer, Pointer.nativeValue(iovecs) + 2L * pointer * i);
            putWord(messages, m + 3L * pointer, 1);
        }
    }

    private static int align(int n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    private void putWord(Pointer p, long offset, long value) {
        if (pointer == 8) {
            p.setLong(offset, value);
        } else {
            p.setInt(offset, (int) value);
        }
    }

    @Override
    public boolean batched() {
        return batched;
    }

    /** Adds a frame (sending the batch first when it is full); without sendmmsg it is sent at once. */
    @Override
    public void add(byte[] frame, int offset, int length) {
        if (length > largest) {
            // larger than any frame of the interface: the kernel refuses it too (EMSGSIZE); no copy needed
            counters.failed(Posix.EMSGSIZE);
            return;
        }
        if (!batched) {
            arena.write(0, frame, offset, length);
            size.setValue(length);
            if (Libpcap.pcap_inject(pcap, arena, size) < 0) {
                counters.failed(Native.getLastError());
            } else {
                counters.sent(1);
            }
            return;
        }
        int need = align(length);
        if (count == FRAMES || used + need > arena.size()) {
            flush();
        }
        arena.write(used, frame, offset, length);
        long iov = 2L * pointer * count;
        putWord(iovecs, iov, arenaAddress + used);
        putWord(iovecs, iov + pointer, length);
        count++;
        used += need;
    }

    /** Frames added and not yet sent. */
    int pending() {
        return count;
    }

    /** Sends what waits. */
    @Override
    public void flush() {
        int i = 0;
        int retries = 0;
        while (i < count) {
            Pointer.nativeValue(cursor, messagesAddress + (long) i * messageSize);
            int n = Posix.Batch.sendmmsg(fd, cursor, count - i, 0);
            if (n > 0) {
                counters.sent(n);
                i += n;
                retries = 0;
                continue;
            }
            int errno = Native.getLastError();
            if ((errno == Posix.EINTR || errno == Posix.EAGAIN || errno == Posix.ENOBUFS) && retries++ < RETRIES) {
                // the socket's send buffer is full for a moment: let the kernel drain it
                Thread.yield();
                continue;
            }
            // this frame was refused: count it with the kernel's reason and go on with the next
            counters.failed(errno);
            i++;
            retries = 0;
        }
        count = 0;
        used = 0;
    }
}
