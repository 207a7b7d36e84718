package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.Checksums;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.InjectionState;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;
import weir.shim.pcap.Frames;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.path.ReauthWatch;
import weir.shim.pcap.path.ShimInjector;

/**
 * Spec rule 29 offline: a callout absorbs each packet and injects a modified copy (TTL 33, checksum fixed);
 * the copy is classified again at every layer it crosses, by the injecting callout too, which tells it by
 * its injection state (INJECTED_BY_SELF) and lets it pass; another observer sees INJECTED_BY_OTHER. The
 * permitted file holds the copies (with the originals' Ethernet headers and timestamps) in the originals'
 * place, and the summary counts each original once, as permitted through its copy: the totals add up.
 */
class InjectionTest {
    @TempDir
    Path dir;

    private final RealEngine engine = new RealEngine();
    private final List<InjectionState> modifierSaw = new ArrayList<>();
    private final List<InjectionState> observerSaw = new ArrayList<>();
    private ShimInjector injector;
    private Object modifierHandle;
    private Object observerHandle;

    @AfterEach
    void close() {
        engine.close();
    }

    /** Absorbs what it did not inject itself and injects a copy with TTL 33. */
    private final Callout modifier = new Callout() {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            InjectionState state = injector.state(modifierHandle, metadata);
            modifierSaw.add(state);
            if (state == InjectionState.INJECTED_BY_SELF || state == InjectionState.PREVIOUSLY_INJECTED_BY_SELF) {
                out.setActionType(ActionType.PERMIT);
                return;
            }
            byte[] a = layerData.array();
            int ip = layerData.networkOffset();
            int length = ((a[ip + 2] & 0xFF) << 8) | (a[ip + 3] & 0xFF);
            byte[] copy = Arrays.copyOfRange(a, ip, ip + length);
            copy[8] = 33;
            Checksums.fixIpv4Header(copy, 0);
            injector.inject(modifierHandle, Direction.INBOUND, copy, 0, length, metadata);
            out.setActionType(ActionType.BLOCK);
            out.setAbsorb();
            out.clearWriteRight();
        }
    };

    private final Callout observer = new Callout() {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            observerSaw.add(injector.state(observerHandle, metadata));
            if (out.hasWriteRight()) {
                out.setActionType(ActionType.CONTINUE);
            }
        }
    };

    @Test
    void anAbsorbedPacketsInjectedCopyIsClassifiedAgainAndWrittenInItsPlace() {
        engine.add(Filter.of("modify", Layer.INBOUND_TRANSPORT_V4,
                FilterAction.calloutTerminating(engine.register(modifier, Layer.INBOUND_TRANSPORT_V4))));
        engine.add(Filter.of("observe", Layer.INBOUND_IPPACKET_V4,
                FilterAction.calloutInspection(engine.register(observer, Layer.INBOUND_IPPACKET_V4))));
        Frames f = new Frames();
        f.add(Frames.udp4("192.0.2.53", "10.0.0.2", 53, 5000, 12));
        f.add(Frames.tcp4("192.0.2.10", "10.0.0.2", 80, 40000, 0x12, 0));
        f.add(Frames.echo4("192.0.2.1", "10.0.0.2", 0));
        Path in = f.write(dir.resolve("in.pcap"));
        Path permitted = dir.resolve("permitted.pcap");
        Path dropped = dir.resolve("dropped.pcap");
        OfflineReplay replay = new OfflineReplay(engine.classifier(), engine.flowContexts(), null, null);
        ShimRun run = replay.open(in, null, permitted, dropped, new ReauthWatch());
        injector = run.injector();
        modifierHandle = injector.createHandle("modifier");
        observerHandle = injector.createHandle("observer");
        run.runHere();
        run.close();

        assertEquals(List.of(InjectionState.NOT_INJECTED, InjectionState.INJECTED_BY_SELF,
                InjectionState.NOT_INJECTED, InjectionState.INJECTED_BY_SELF, InjectionState.NOT_INJECTED,
                InjectionState.INJECTED_BY_SELF), modifierSaw, "the injector sees its own copies again");
        assertEquals(List.of(InjectionState.NOT_INJECTED, InjectionState.INJECTED_BY_OTHER,
                InjectionState.NOT_INJECTED, InjectionState.INJECTED_BY_OTHER, InjectionState.NOT_INJECTED,
                InjectionState.INJECTED_BY_OTHER), observerSaw, "copies re-enter at the bottom of the stack");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < f.frames.size(); i++) {
            byte[] frame = f.frames.get(i).clone();
            frame[14 + 8] = 33;
            Checksums.fixIpv4Header(frame, 14);
            expected.add(f.micros.get(i) + " " + frame.length + " " + java.util.HexFormat.of().formatHex(frame));
        }
        assertEquals(expected, Frames.read(permitted), "the copies, with the originals' link headers and times");
        assertEquals(List.of(), Frames.read(dropped), "the originals were replaced, not dropped");
        Map<String, Object> s = replay.summary(run).values();
        assertEquals(3L, s.get("permitted"));
        assertEquals(3L, s.get("permitted_as_copies"));
        assertEquals(0L, s.get("dropped"));
        assertEquals(0L, s.get("absorbed"));
        assertEquals(3L, (Long) s.get("permitted") + (Long) s.get("dropped") + (Long) s.get("unsupported"));
        assertEquals(Map.of("total", 3L, "permitted", 3L, "dropped", 0L, "refused", 0L), s.get("injected"));
    }

    @Test
    void handlesOfAnotherInjectorAndBadPacketsAreRefusedWithOneLine() {
        ShimInjector one = new ShimInjector();
        ShimInjector two = new ShimInjector();
        Object foreign = two.createHandle("other");
        WfpException e = assertThrows(WfpException.class,
                () -> one.inject(foreign, Direction.INBOUND, new byte[40], 0, 40, null));
        assertTrue(e.getMessage().startsWith("INVALID_PARAMETER: inject: injection handle"), e.getMessage());
        Object mine = one.createHandle("mine");
        e = assertThrows(WfpException.class, () -> one.inject(mine, Direction.INBOUND, new byte[40], 0, 40, null));
        assertTrue(e.getMessage().contains("must start with an IPv4 or IPv6 header"), e.getMessage());
        e = assertThrows(WfpException.class, () -> one.inject(mine, Direction.INBOUND, new byte[10], 0, 10, null));
        assertTrue(e.getMessage().contains("20 bytes or more"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void aChainOfInjectionsIsCutAtItsDepthLimit() {
        ShimInjector i = new ShimInjector();
        i.setOwner(Thread.currentThread());
        Object h = i.createHandle("loop");
        byte[] packet = new byte[20];
        packet[0] = 0x45;
        i.begin(ShimInjector.MAX_DEPTH - 1, 0);
        i.inject(h, Direction.OUTBOUND, packet, 0, 20, null);
        assertTrue(i.next());
        assertEquals(ShimInjector.MAX_DEPTH, i.depth());
        i.begin(i.depth(), 0);
        WfpException e = assertThrows(WfpException.class, () -> i.inject(h, Direction.OUTBOUND, packet, 0, 20, null));
        assertTrue(e.getMessage().contains("permit its own injected packets"), e.getMessage());
    }
}
