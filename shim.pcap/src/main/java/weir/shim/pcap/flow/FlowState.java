package weir.shim.pcap.flow;

/** The bits of a flow's state in {@link FlowTable#state}. */
public final class FlowState {
    /** The flow was started by endpoint A (the canonical first endpoint of its key). */
    public static final int INITIATOR_A = 1;
    /** The initiator is this host (outbound flow: ALE_AUTH_CONNECT); else inbound (ALE_AUTH_RECV_ACCEPT). */
    public static final int OUTBOUND = 1 << 1;
    /** The ALE auth layer permitted the flow (at its epoch). */
    public static final int AUTHORIZED = 1 << 2;
    /** The ALE auth layer (or FLOW_ESTABLISHED) blocked the flow: its packets drop without classification. */
    public static final int BLOCKED = 1 << 3;
    /** ALE_FLOW_ESTABLISHED was classified. */
    public static final int ESTABLISHED = 1 << 4;
    /** TCP: the initiator's SYN was seen. */
    public static final int SYN = 1 << 5;
    /** TCP: the responder's SYN+ACK was seen. */
    public static final int SYN_ACK = 1 << 6;
    /** TCP: a FIN from endpoint A / B passed. */
    public static final int FIN_A = 1 << 7;
    public static final int FIN_B = 1 << 8;
    /** The flow ended (FIN both ways, RST): its handle is closed; the entry lingers to absorb stragglers. */
    public static final int ENDED = 1 << 9;

    private FlowState() {
    }

    /** A short word for the shell. */
    public static String describe(int s, boolean tcp) {
        if ((s & ENDED) != 0) {
            return "ended";
        }
        if ((s & BLOCKED) != 0) {
            return "blocked";
        }
        if ((s & FIN_A) != 0 || (s & FIN_B) != 0) {
            return "closing";
        }
        if ((s & ESTABLISHED) != 0) {
            return "established";
        }
        if ((s & AUTHORIZED) != 0) {
            return tcp ? "handshake" : "authorized";
        }
        return "new";
    }
}
