/**
 * A test kit for callout authors: what the engine and a shim hand a {@link weir.engine.api.Callout}, in memory,
 * so that a callout's unit tests can call {@code classify}, {@code notify} and {@code flowDelete} directly.
 * {@link weir.engine.testing.TestValues} (IncomingValues), {@link weir.engine.testing.TestMetadata},
 * {@link weir.engine.testing.TestClassifyOut}, {@link weir.engine.testing.TestFlowContexts} (flows, their
 * contexts and ALE decisions, and a callout registry), {@link weir.engine.testing.TestPacket} (LayerData with
 * real headers and checksums) and {@link weir.engine.testing.TestCapture} (a pcap file of such packets, for a
 * replay through the real shim). Test scope only: never deploy it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package weir.engine.testing;
