package weir.engine.core.mgmt;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Fresh object keys: random (version 4) UUIDs, as {@link UUID#randomUUID} makes them, but drawn from a fast
 * generator ({@link SplittableRandom}, in java.base) instead of from SecureRandom: its SHA-1 mixing per key was 5%
 * of an import of 10,000 filters. The generator seeds itself as {@code new SplittableRandom()} does (the clock's
 * readings, mixed), not from SecureRandom, whose providers (some 60 classes and a read of the system's entropy)
 * were 17 ms on the way to a replay's first packet, where the first session's key is made. A key names an object;
 * it is not a secret (the engine's rights are checked by session, never by knowing a key), and it needs only to
 * be unique: 122 bits from a generator that passes the statistical test suites, started at a different point of
 * its sequence in each run (a clash with an existing key is still refused as ALREADY_EXISTS, never overwritten).
 */
final class NewKeys {
    private static final SplittableRandom RANDOM = new SplittableRandom();

    private NewKeys() {
    }

    /** A new random key (version 4, IETF variant). */
    static UUID next() {
        long msb;
        long lsb;
        synchronized (RANDOM) { // keys are made under the writer lock; this only guards other callers
            msb = RANDOM.nextLong();
            lsb = RANDOM.nextLong();
        }
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & ~(3L << 62)) | (1L << 63);
        return new UUID(msb, lsb);
    }
}
