/**
 * A test kit for callout authors: what the engine and a shim hand a {@link weir.engine.api.Callout}, in memory,
 * so that a callout's unit tests can call {@code classify}, {@code notify} and {@code flowDelete} directly.
 * {@link weir.engine.testing.TestValues} (IncomingValues, by field or from a packet as the shim fills them),
 * {@link weir.engine.testing.TestMetadata}, {@link weir.engine.testing.TestClassifyOut},
 * {@link weir.engine.testing.TestFlowContexts} (flows, their contexts and ALE decisions, and a callout registry),
 * {@link weir.engine.testing.TestPacket} (LayerData with real headers and checksums, or any IP packet),
 * {@link weir.engine.testing.TestInjector} (a PacketInjector that keeps what is injected and checks it as a
 * receiver would), {@link weir.engine.testing.TestBridge} (the shim's bridge in miniature: flows by 5-tuple,
 * the packet layers' walk, injected packets classified again) and {@link weir.engine.testing.TestCapture} (a pcap
 * file of packets, for a replay through the real shim). Test scope only: never deploy it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package weir.engine.testing;
