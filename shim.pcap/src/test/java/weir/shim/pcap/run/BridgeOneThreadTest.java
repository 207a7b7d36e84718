package weir.shim.pcap.run;

import weir.shim.pcap.live.LiveSettings;

/**
 * {@link BridgeTest} without send threads ({@code sendThreads=false}): the packet thread reads, judges and sends
 * every frame itself; verdicts, flows (their flowDelete), injected copies and blocked ports come out the same.
 */
class BridgeOneThreadTest extends BridgeTest {
    @Override
    LiveSettings settings() {
        return LiveSettings.defaults().withSendThreads(false);
    }
}
