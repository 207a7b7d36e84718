package weir.callouts.nat;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Lends {@link Scratch} objects to classifying threads without locks and, unlike a ThreadLocal, without leaving
 * this bundle's objects in the shim's threads after the bundle is uninstalled (hot deploy). With more threads
 * than slots a scratch is made and dropped after use.
 */
final class ScratchPool {
    private final AtomicReferenceArray<Scratch> free;

    ScratchPool(int slots) {
        free = new AtomicReferenceArray<>(slots);
    }

    Scratch take() {
        for (int i = 0; i < free.length(); i++) {
            Scratch s = free.get(i);
            if (s != null && free.compareAndSet(i, s, null)) {
                return s;
            }
        }
        return new Scratch();
    }

    void give(Scratch s) {
        for (int i = 0; i < free.length(); i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, s)) {
                return;
            }
        }
    }
}
