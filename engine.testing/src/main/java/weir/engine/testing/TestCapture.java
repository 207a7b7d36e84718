package weir.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic pcap file (link type Ethernet, microsecond times) of {@link TestPacket}s, for a replay through the
 * real shim ({@code --replay FILE}, {@code shim:open replay FILE}): a callout's end-to-end test crafts the
 * traffic it expects, and knows from the packets themselves what the callout should have seen.
 *
 * <pre>
 * TestCapture c = new TestCapture(Instant.parse("2026-01-01T00:00:00Z"));
 * c.add(TestPacket.udp("10.0.0.2", 53000, "192.0.2.53", 53, "query"));          // at the start
 * c.after(Duration.ofMillis(20)).add(TestPacket.udp("192.0.2.53", 53, "10.0.0.2", 53000, "answer"));
 * c.write(dir.resolve("dns.pcap"));
 * </pre>
 */
public final class TestCapture {
    /** One packet of the capture and when it was seen. */
    public record Entry(Instant time, TestPacket packet) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private Instant now;

    /** An empty capture whose clock starts at {@code start}. */
    public TestCapture(Instant start) {
        this.now = start;
    }

    /** Moves the capture's clock on; the next packets are seen that much later. */
    public TestCapture after(java.time.Duration d) {
        now = now.plus(d);
        return this;
    }

    /** A packet seen now. */
    public TestCapture add(TestPacket p) {
        entries.add(new Entry(now, p));
        return this;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The capture as a pcap file's bytes. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        for (Entry e : entries) {
            byte[] f = e.packet().array();
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) e.time().getEpochSecond()).putInt(e.time().getNano() / 1000).putInt(f.length)
                    .putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** Writes the pcap file. */
    public Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
