package weir.callouts.nat;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.Checksums;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.InjectionState;
import weir.engine.api.Metadata;
import weir.engine.api.PacketInjector;
import weir.engine.api.WfpException;

/**
 * A {@link PacketInjector} that keeps what is injected instead of sending it, and answers injection states from
 * the metadata as the javadoc says (the shim's real one lives on its own branch). Like the shim it refuses a
 * packet whose IPv4 header checksum is wrong and an unknown handle, and it copies the bytes.
 */
final class MemoryInjector implements PacketInjector {
    record Handle(String name) {
    }

    record Injected(Object handle, Direction direction, byte[] packet, Metadata replaced) {
    }

    final List<Handle> handles = new ArrayList<>();
    final List<Injected> injected = new ArrayList<>();
    /** When set, inject fails as a shim without a way to send would. */
    boolean failing;

    @Override
    public synchronized Object createHandle(String name) {
        Handle h = new Handle(name);
        handles.add(h);
        return h;
    }

    @Override
    public synchronized void inject(Object handle, Direction direction, byte[] packet, int offset, int length,
            Metadata metadata) {
        if (!handles.contains(handle)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "unknown injection handle " + handle);
        }
        if (failing) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "cannot send");
        }
        if (length < 20 || (packet[offset] & 0xF0) != 0x40 || Checksums.get16(packet, offset + 2) != length
                || Checksums.ipv4Header(packet, offset) != Checksums.get16(packet, offset + 10)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "malformed IPv4 packet");
        }
        byte[] copy = new byte[length];
        System.arraycopy(packet, offset, copy, 0, length);
        injected.add(new Injected(handle, direction, copy, metadata));
    }

    @Override
    public InjectionState state(Object handle, Metadata metadata) {
        Object by = metadata.injectedBy();
        if (by == null) {
            return InjectionState.NOT_INJECTED;
        }
        if (by == handle) {
            return InjectionState.INJECTED_BY_SELF;
        }
        return metadata.previouslyInjectedBy() == handle ? InjectionState.PREVIOUSLY_INJECTED_BY_SELF
                : InjectionState.INJECTED_BY_OTHER;
    }

    synchronized List<Injected> takeAll() {
        List<Injected> all = new ArrayList<>(injected);
        injected.clear();
        return all;
    }
}
