package weir.engine.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import weir.engine.api.ConditionFlag;
import weir.engine.api.Direction;
import weir.engine.api.Field;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.NetEventType;
import weir.engine.api.Subscription;
import weir.engine.api.Value;
import weir.engine.core.Allocations;
import weir.engine.core.classify.PacketMetadata;
import weir.engine.core.classify.PacketValues;

class NetEventLogTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;

    private static PacketValues tcp(int localPort) {
        PacketValues v = new PacketValues(T4);
        v.set(Field.IP_PROTOCOL, Value.uint8(6));
        v.set(Field.IP_LOCAL_ADDRESS, Value.address("192.0.2.1"));
        v.set(Field.IP_REMOTE_ADDRESS, Value.address("203.0.113.9"));
        v.set(Field.IP_LOCAL_PORT, Value.uint16(localPort));
        v.set(Field.IP_REMOTE_PORT, Value.uint16(40000));
        return v;
    }

    private static NetEventTemplate filterId(long id) {
        return new NetEventTemplate(null, null, null, id, null, 0);
    }

    @Test
    void rule14_dropEventCarriesFilterLayerAndHeaders() {
        NetEventLog log = new NetEventLog();
        PacketValues v = tcp(22);
        v.set(Field.FLAGS, Value.uint32(ConditionFlag.IS_LOOPBACK.code()));
        PacketMetadata m = new PacketMetadata();
        m.setTimestampNanos(1_700_000_000_123_456_789L);
        log.record(NetEventType.CLASSIFY_DROP, T4, 42, false, v, m);
        List<NetEvent> e = log.events(NetEventTemplate.all());
        assertEquals(1, e.size());
        NetEvent x = e.get(0);
        assertEquals(NetEventType.CLASSIFY_DROP, x.type());
        assertEquals(T4, x.layer());
        assertEquals(42, x.filterId());
        assertEquals(IpVersion.V4, x.ipVersion());
        assertEquals(6, x.protocol());
        assertEquals("192.0.2.1", x.localAddress());
        assertEquals(22, x.localPort());
        assertEquals("203.0.113.9", x.remoteAddress());
        assertEquals(40000, x.remotePort());
        assertEquals(Direction.INBOUND, x.direction());
        assertTrue(x.loopback());
        assertFalse(x.vetoed());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), x.timestamp());
    }

    @Test
    void absentFieldsAreEmptyAndMinusOne() {
        NetEventLog log = new NetEventLog();
        PacketValues v = new PacketValues(Layer.INBOUND_IPPACKET_V6);
        v.set(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::7"));
        log.record(NetEventType.CLASSIFY_DROP, Layer.INBOUND_IPPACKET_V6, 1, true, v, new PacketMetadata());
        NetEvent x = log.events(NetEventTemplate.all()).get(0);
        assertEquals("2001:db8::7", x.remoteAddress());
        assertEquals("", x.localAddress());
        assertEquals(-1, x.localPort());
        assertEquals(-1, x.protocol());
        assertTrue(x.vetoed());
        assertTrue(x.timestamp().isAfter(Instant.parse("2020-01-01T00:00:00Z")), "clock time when none given");
    }

    @Test
    void theRingIsBoundedAndNewestFirst() {
        NetEventLog log = new NetEventLog(4);
        for (int i = 1; i <= 10; i++) {
            log.record(NetEventType.CLASSIFY_DROP, T4, i, false, tcp(i), null);
        }
        List<NetEvent> e = log.events(NetEventTemplate.all());
        assertEquals(List.of(10L, 9L, 8L, 7L), e.stream().map(NetEvent::filterId).toList());
        log.setCapacity(2);
        assertEquals(List.of(10L, 9L), log.events(NetEventTemplate.all()).stream().map(NetEvent::filterId).toList());
        log.setCapacity(8);
        log.record(NetEventType.CLASSIFY_DROP, T4, 11, false, tcp(11), null);
        assertEquals(List.of(11L, 10L, 9L), log.events(NetEventTemplate.all()).stream().map(NetEvent::filterId).toList());
        assertEquals(8, log.capacity());
    }

    @Test
    void templatesSelect() {
        NetEventLog log = new NetEventLog();
        PacketMetadata m = new PacketMetadata();
        for (int i = 1; i <= 6; i++) {
            m.setTimestampNanos(i * 1_000_000_000L);
            log.record(i % 2 == 0 ? NetEventType.CLASSIFY_ALLOW : NetEventType.CLASSIFY_DROP,
                    i <= 3 ? T4 : Layer.OUTBOUND_TRANSPORT_V4, i, false,
                    i <= 3 ? tcp(i) : new PacketValues(Layer.OUTBOUND_TRANSPORT_V4), m);
        }
        assertEquals(3, log.events(new NetEventTemplate(null, null, T4, 0, null, 0)).size());
        assertEquals(List.of(5L, 3L, 1L), log.events(new NetEventTemplate(null, null, null, 0, NetEventType.CLASSIFY_DROP, 0))
                .stream().map(NetEvent::filterId).toList());
        assertEquals(1, log.events(filterId(4)).size());
        assertEquals(List.of(6L, 5L), log.events(new NetEventTemplate(null, null, null, 0, null, 2)).stream()
                .map(NetEvent::filterId).toList());
        assertEquals(List.of(4L, 3L, 2L), log.events(new NetEventTemplate(Instant.ofEpochSecond(2), Instant.ofEpochSecond(4),
                null, 0, null, 0)).stream().map(NetEvent::filterId).toList());
        assertEquals(Direction.OUTBOUND, log.events(filterId(6)).get(0).direction());
    }

    @Test
    void subscribersGetNewEventsOnly() throws Exception {
        NetEventLog log = new NetEventLog();
        log.record(NetEventType.CLASSIFY_DROP, T4, 1, false, tcp(1), null);
        List<Long> seen = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        Subscription s = log.subscribe(e -> {
            seen.add(e.filterId());
            three.countDown();
        });
        for (int i = 2; i <= 4; i++) {
            log.record(NetEventType.CLASSIFY_DROP, T4, i, false, tcp(i), null);
        }
        assertTrue(three.await(30, TimeUnit.SECONDS), "events delivered");
        assertEquals(List.of(2L, 3L, 4L), seen);
        s.close();
        // a second subscription after the first closed gets a new dispatcher
        CountDownLatch one = new CountDownLatch(1);
        try (Subscription again = log.subscribe(e -> one.countDown())) {
            log.record(NetEventType.CLASSIFY_DROP, T4, 5, false, tcp(5), null);
            assertTrue(one.await(30, TimeUnit.SECONDS));
        }
        log.close();
    }

    @Test
    void concurrentWritersNeverTearAnEvent() throws Exception {
        NetEventLog log = new NetEventLog(64);
        Thread[] t = new Thread[2];
        for (int n = 0; n < t.length; n++) {
            int base = n * 30000;
            t[n] = new Thread(() -> {
                PacketValues v = tcp(0);
                for (int i = 1; i < 20000; i++) {
                    int port = (base + i) & 0xFFFF;
                    v.setLong(T4.indexOf(Field.IP_LOCAL_PORT), port);
                    log.record(NetEventType.CLASSIFY_DROP, T4, port, false, v, null);
                }
            });
            t[n].start();
        }
        while (t[0].isAlive() || t[1].isAlive()) {
            for (NetEvent e : log.events(NetEventTemplate.all())) {
                assertEquals(e.filterId(), e.localPort(), "one event's fields come from one write");
            }
        }
        for (Thread x : t) {
            x.join();
        }
        for (NetEvent e : log.events(NetEventTemplate.all())) {
            assertEquals(e.filterId(), e.localPort());
        }
        assertTrue(log.events(NetEventTemplate.all()).size() >= 64 - log.dropped());
    }

    @Test
    void recordingAllocatesNothing() {
        NetEventLog log = new NetEventLog(128);
        PacketValues v = tcp(80);
        PacketMetadata m = new PacketMetadata();
        for (int i = 0; i < 20000; i++) {
            log.record(NetEventType.CLASSIFY_DROP, T4, i, false, v, m);
        }
        long bytes = Allocations.during(() -> {
            for (int i = 0; i < 10000; i++) {
                log.record(NetEventType.CLASSIFY_DROP, T4, i, false, v, m);
            }
        });
        assertEquals(0, bytes);
    }
}
