package weir.shim.pcap.run;

import weir.shim.pcap.live.LiveSettings;

/**
 * {@link BridgeTest} with a send thread per interface ({@code sendThreads=true}): the packet thread reads and
 * judges, each interface's own thread sends; verdicts, flows (their flowDelete), injected copies and blocked
 * ports come out the same.
 */
class BridgeSendThreadsTest extends BridgeTest {
    @Override
    LiveSettings settings() {
        return LiveSettings.defaults().withSendThreads(true);
    }
}
