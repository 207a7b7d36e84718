package weir.shim.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import weir.shim.pcap.capture.CaptureReader;
import weir.shim.pcap.capture.Frame;

/**
 * Ethernet frames of IPv4/IPv6 packets for replay tests, and a pcap file of them (one frame per
 * millisecond, from 2026-01-01). Checksums are left 0: nothing in the shim checks them.
 */
public final class Frames {
    public static final long START_SECONDS = 1_767_225_600L;
    public final List<byte[]> frames = new ArrayList<>();
    public final List<Long> micros = new ArrayList<>();
    private long clock = START_SECONDS * 1_000_000L;

    /** Adds a frame {@code gapMillis} after the previous one; returns its index. */
    public int add(byte[] frame, long gapMillis) {
        clock += gapMillis * 1000;
        frames.add(frame);
        micros.add(clock);
        return frames.size() - 1;
    }

    public int add(byte[] frame) {
        return add(frame, 1);
    }

    public static byte[] tcp4(String src, String dst, int sport, int dport, int flags, int payload) {
        return new Bytes().ethernet(0x0800).ipv4(5, 40 + payload, 0x4000, 6, src, dst).tcp(sport, dport, 5, flags)
                .zeros(payload).toArray();
    }

    public static byte[] tcp6(String src, String dst, int sport, int dport, int flags, int payload) {
        return new Bytes().ethernet(0x86DD).ipv6(20 + payload, 6, src, dst).tcp(sport, dport, 5, flags)
                .zeros(payload).toArray();
    }

    public static byte[] udp4(String src, String dst, int sport, int dport, int payload) {
        return new Bytes().ethernet(0x0800).ipv4(5, 28 + payload, 0, 17, src, dst).udp(sport, dport, 8 + payload)
                .zeros(payload).toArray();
    }

    public static byte[] udp6(String src, String dst, int sport, int dport, int payload) {
        return new Bytes().ethernet(0x86DD).ipv6(8 + payload, 17, src, dst).udp(sport, dport, 8 + payload)
                .zeros(payload).toArray();
    }

    /** An ICMP echo request (8) or reply (0) with identifier 0x1234. */
    public static byte[] echo4(String src, String dst, int type) {
        return new Bytes().ethernet(0x0800).ipv4(5, 28, 0, 1, src, dst).u8(type, 0).u16(0).u16(0x1234).u16(1)
                .toArray();
    }

    /** An ICMP port unreachable from {@code src} about a UDP packet {@code dst} → {@code src}. */
    public static byte[] unreachable4(String src, String dst) {
        return new Bytes().ethernet(0x0800).ipv4(5, 56, 0, 1, src, dst).icmp(3, 3)
                .ipv4(5, 28, 0, 17, dst, src).udp(5353, 53, 8).toArray();
    }

    public static byte[] arp() {
        return new Bytes().ethernet(0x0806).zeros(28).toArray();
    }

    /** An Ethernet frame with half an IPv4 header. */
    public static byte[] truncated4() {
        return new Bytes().ethernet(0x0800).u8(0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6).toArray();
    }

    public Path write(Path file) {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).put(h.array());
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            long t = micros.get(i);
            b.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(f.length).putInt(f.length).put(f);
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The frames of a pcap file with their timestamps (microseconds), for comparing outputs. */
    public static List<String> read(Path file) {
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next()) {
                Frame f = r.frame();
                byte[] a = java.util.Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.capturedLength());
                out.add(f.timestampNanos() / 1000 + " " + f.originalLength() + " " + java.util.HexFormat.of()
                        .formatHex(a));
            }
            if (r.rejected()) {
                throw new AssertionError(r.problemLine());
            }
        }
        return out;
    }

    /** The expected lines of {@link #read} for some of this capture's frames. */
    public List<String> lines(List<Integer> indexes) {
        List<String> out = new ArrayList<>();
        for (int i : indexes) {
            out.add(micros.get(i) + " " + frames.get(i).length + " " + java.util.HexFormat.of()
                    .formatHex(frames.get(i)));
        }
        return out;
    }
}
