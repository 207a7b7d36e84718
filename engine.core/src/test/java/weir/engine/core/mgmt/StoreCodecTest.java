package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreCodec;
import weir.engine.core.mgmt.persist.StoreFormatException;

/** The engine store's text format: every value type round-trips; damage of any kind is detected. */
class StoreCodecTest {

    private static PersistentObjects sample() {
        UUID p = UUID.randomUUID();
        List<Condition> every = new ArrayList<>();
        Value[] values = {Value.empty(), Value.uint8(255), Value.uint16(65535), Value.uint32(0xFFFFFFFFL),
            Value.uint64(-1L), new Value.Int8((byte) -8), new Value.Int16((short) -16), new Value.Int32(-32),
            new Value.Int64(Long.MIN_VALUE), Value.address("2001:db8::1"), Value.blob(new byte[] {0, 1, -1}),
            Value.string("tab\t, space, ~tilde, 100% and ünïcödé"), Value.address("10.1.0.0/16"),
            Value.address("2001:db8::/32"), Value.range(Value.uint16(1), Value.uint16(1024)),
            Value.range(Value.string("a b"), Value.string("z~z"))};
        for (Value v : values) {
            every.add(new Condition(Field.IP_LOCAL_PORT, MatchType.EQUAL, v));
        }
        Filter f = new Filter(UUID.randomUUID(), new DisplayData("name\nwith newline", "desc % with\r\nlines"),
                Set.of(FilterFlag.PERSISTENT, FilterFlag.CLEAR_ACTION_RIGHT), p, new byte[] {7}, Layer.STREAM_V6,
                UUID.randomUUID(), Weight.exact(-2L), every, FilterAction.calloutUnknown(UUID.randomUUID()), -5L, null,
                42L, 0L);
        Filter g = Filter.of("=equals=", Layer.IPFORWARD_V4, FilterAction.block()).withWeight(Weight.range(15))
                .withKey(UUID.randomUUID()).withSubLayer(Layer.SUBLAYER_UNIVERSAL)
                .withFlags(FilterFlag.PERSISTENT, FilterFlag.HAS_PROVIDER_CONTEXT).withProviderContext(UUID.randomUUID());
        g = g.withIds(g.filterKey(), g.subLayerKey(), 43L, 0L);
        return new PersistentObjects(Instant.parse("2026-01-02T03:04:05.123Z"),
                List.of(new Provider(p, new DisplayData("p", ""), true, true, new byte[0], "svc")),
                List.of(new ProviderContext(UUID.randomUUID(), DisplayData.of("c"), true, p, 3, new byte[] {1}, 0L)),
                List.of(new SubLayer(UUID.randomUUID(), DisplayData.of("-"), true, null, null, 0)),
                List.of(new CalloutObject(UUID.randomUUID(), DisplayData.of("co"), true, true, p, Layer.STREAM_V6, false,
                        0)),
                List.of(f, g));
    }

    @Test
    void everyObjectAndValueRoundTrips() throws StoreFormatException {
        PersistentObjects o = sample().withSequence(42);
        byte[] text = StoreCodec.encode(o);
        assertEquals(o, StoreCodec.decode(text));
        String s = new String(text, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("weir-engine-store\t2\t2026-01-02T03:04:05.123Z\t42\n"), s);
        assertTrue(s.contains("condition=IP_LOCAL_PORT EQUAL u16:65535"), "conditions stay readable: " + s);
        assertEquals(2 + o.size() + 1, s.split("\n").length, "one line per object plus header, end and checksum");
    }

    @Test
    void sidAndSecurityDescriptorValuesRoundTripByteForByte() throws StoreFormatException {
        // conditions reject them (NOT_SUPPORTED), but the format can carry them; their records compare arrays
        // by identity, so compare the text
        Filter f = Filter.of("sid", Layer.ALE_AUTH_CONNECT_V4, FilterAction.permit()).withKey(UUID.randomUUID())
                .withSubLayer(Layer.SUBLAYER_UNIVERSAL).withConditions(
                        new Condition(Field.ALE_USER_ID, MatchType.EQUAL, new Value.Sid(new byte[] {1, 2})),
                        new Condition(Field.ALE_USER_ID, MatchType.EQUAL, new Value.SecurityDescriptor(new byte[] {3})));
        PersistentObjects o = new PersistentObjects(Instant.EPOCH, List.of(), List.of(), List.of(), List.of(),
                List.of(f));
        byte[] text = StoreCodec.encode(o);
        assertEquals(new String(text, StandardCharsets.UTF_8),
                new String(StoreCodec.encode(StoreCodec.decode(text)), StandardCharsets.UTF_8));
    }

    @Test
    void anyFlippedByteIsDetected() {
        byte[] text = StoreCodec.encode(sample());
        for (int i = 0; i < text.length; i += 7) {
            byte[] b = text.clone();
            b[i] ^= 0x01;
            assertThrows(StoreFormatException.class, () -> StoreCodec.decode(b), "byte " + i);
        }
    }

    @Test
    void anyTruncationIsDetected() {
        byte[] text = StoreCodec.encode(sample());
        for (int n = 0; n < text.length; n += 5) {
            byte[] b = java.util.Arrays.copyOf(text, n);
            assertThrows(StoreFormatException.class, () -> StoreCodec.decode(b), n + " bytes");
        }
    }

    @Test
    void aStoreOfFormatOneReadsAsTransactionZero() throws StoreFormatException {
        PersistentObjects o = sample();
        String v2 = new String(StoreCodec.encode(o.withSequence(7)), StandardCharsets.UTF_8);
        String body = v2.substring(0, v2.lastIndexOf("crc32\t")).replaceFirst("\t2\t(\\S+)\t7\n", "\t1\t$1\n");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        byte[] v1 = (body + String.format("crc32\t%08x\n", crc.getValue())).getBytes(StandardCharsets.UTF_8);
        assertEquals(o.withSequence(0), StoreCodec.decode(v1));
    }

    @Test
    void emptyStoreRoundTrips() throws StoreFormatException {
        PersistentObjects o = new PersistentObjects(Instant.EPOCH, List.of(), List.of(), List.of(), List.of(),
                List.of());
        assertEquals(o, StoreCodec.decode(StoreCodec.encode(o)));
    }
}
