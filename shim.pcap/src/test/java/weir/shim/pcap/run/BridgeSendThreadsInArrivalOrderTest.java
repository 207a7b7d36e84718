package weir.shim.pcap.run;

import weir.shim.pcap.live.LiveSettings;

/**
 * {@link BridgeTest} with send threads and no flow queue ({@code flowQueueFrames=0}): frames are handed to the
 * send threads in arrival order, and the send threads run real-time as the packet thread does; the same results.
 */
class BridgeSendThreadsInArrivalOrderTest extends BridgeTest {
    @Override
    LiveSettings settings() {
        return LiveSettings.defaults().withSendThreads(true).withFlowQueueFrames(0);
    }
}
