package weir.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Captures that end-to-end tests write into their temporary folders (never committed). */
final class Captures {
    private Captures() {
    }

    /**
     * A pcap file of {@code count} UDP datagrams from 198.51.100.7:40000 to 10.0.0.2, destination ports
     * 5000 + i (cycling below 65536), a thousand per second of capture time from 2026-01-01.
     */
    static Path udp(Path file, int count) throws IOException {
        int frame = 14 + 20 + 8 + 4;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(head.array());
            ByteBuffer b = ByteBuffer.allocate(16 + frame);
            for (int i = 0; i < count; i++) {
                b.clear();
                b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_767_225_600 + i / 1000).putInt((i % 1000) * 1000)
                        .putInt(frame).putInt(frame);
                b.order(ByteOrder.BIG_ENDIAN);
                b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
                int ip = b.position();
                b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 4)).putShort((short) i)
                        .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                        .put(new byte[] {(byte) 198, 51, 100, 7}).put(new byte[] {10, 0, 0, 2});
                b.putShort(ip + 10, checksum(b.array(), ip, 20));
                b.putShort((short) 40000).putShort((short) (5000 + i % 60000)).putShort((short) 12)
                        .putShort((short) 0);
                b.put(new byte[] {'p', 'i', 'n', 'g'});
                out.write(b.array(), 0, b.position());
            }
        }
        return file;
    }

    private static short checksum(byte[] a, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i += 2) {
            sum += ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
