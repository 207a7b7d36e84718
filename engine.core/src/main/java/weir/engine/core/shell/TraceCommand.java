package weir.engine.core.shell;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.core.classify.LiveTrace;
import weir.engine.core.classify.LiveTracing;
import weir.engine.core.classify.TracedWalk;
import weir.engine.core.expr.ExpressionException;

/**
 * {@code wfp:trace EXPR}: the live trace ({@code nft monitor trace}). Every real packet whose values at a layer
 * match EXPR is classified with a tracer, and its walk through that layer is printed as it happens: the
 * sublayers' matching filters, the decision (hard or soft, vetoes), the callouts called and what came of them.
 * Runs until the count is reached, Ctrl-C, the end of piped input, or the shell going away; then says on
 * standard error how many walks it printed and how many the rate left out. Off, it costs the packet path one
 * volatile read per classification; on, a selected packet's classification allocates its trace (the others
 * pay the expression's test).
 */
final class TraceCommand extends Command {
    private static final int QUEUE = 4_096;
    private static final long POLL_MILLIS = 100;

    private final Shell shell;

    TraceCommand(Shell shell) {
        super("trace", "trace");
        this.shell = shell;
    }

    @Descriptor("trace real packets matching EXPR through the layers, as they are classified")
    public Object trace(CommandSession session,
            @Descriptor("stop after this many traced layer walks (a packet makes one at each layer EXPR applies to)")
            @Arg("N") @Parameter(names = {"-n", "--count"}, absentValue = "100") long count,
            @Descriptor("at most this many walks a second; the rest are counted, not printed")
            @Arg("N") @Parameter(names = {"--rate"}, absentValue = "20") int rate,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat,
            @Descriptor("conditions as in a filter's when, e.g. protocol == tcp and local.port == 22")
            @Arg(value = "EXPR") java.util.List<String> expression) {
        if (count < 1) {
            throw error("--count " + count + " must be 1 or more");
        }
        if (rate < 1) {
            throw error("--rate " + rate + " must be 1 or more");
        }
        String text = String.join(" ", expression).trim();
        if (text.isEmpty()) {
            throw error("give the packets to trace, e.g. wfp:trace 'protocol == tcp and local.port == 22'");
        }
        if (!(shell.classifier() instanceof LiveTracing classifier)) {
            throw error("this engine's classifier cannot trace");
        }
        EngineSession s = shell.session(session);
        Map<UUID, String> names = new HashMap<>();
        for (CalloutObject o : s.callouts()) {
            names.put(o.calloutKey(), o.name());
        }
        LinkedBlockingQueue<TracedWalk> arriving = new LinkedBlockingQueue<>(QUEUE);
        LongAdder missed = new LongAdder();
        LiveTrace trace;
        try {
            trace = new LiveTrace(text, count, rate, w -> {
                if (!arriving.offer(w)) {
                    missed.increment();
                }
            });
        } catch (ExpressionException e) {
            throw error("EXPR: " + e.getMessage());
        }
        Style style = Style.of(session, noFormat);
        PrintWriter out = LiveOutput.of(session);
        long printed = 0;
        Thread me = Thread.currentThread();
        shell.following(me, true); // closing the shell ends the trace
        try (AutoCloseable armed = classifier.startTrace(trace)) {
            System.err.println("wfp:trace: tracing " + text + " at " + Texts.count(trace.layers().size(), "layer")
                    + ", at most " + Texts.count(count, "walk") + " and " + rate + " a second (Ctrl-C ends it)");
            while (printed < count) {
                TracedWalk w = arriving.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (w != null) {
                    out.println(TraceView.of(w, names, style).inspect());
                    out.flush();
                    printed++;
                    continue;
                }
                if (Thread.currentThread().isInterrupted() || inputEnded(session)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C, or the shell went: the trace is over
        } catch (IllegalStateException e) {
            throw error(e.getMessage());
        } catch (Exception e) {
            throw error("the trace could not be stopped: " + e.getMessage());
        } finally {
            shell.following(me, false);
        }
        // what arrived before the trace was disarmed
        for (TracedWalk w; printed < count && (w = arriving.poll()) != null; printed++) {
            out.println(TraceView.of(w, names, style).inspect());
        }
        out.flush();
        long left = trace.suppressed() + missed.sum();
        System.err.println("wfp:trace: " + Texts.count(printed, "walk") + " traced"
                + (left > 0 ? ", " + Texts.count(left, "more") + " left out by the rate (--rate)" : ""));
        return null;
    }

    /** Piped input: true once it ended. At a terminal (and with -c) there is no such variable. */
    private static boolean inputEnded(CommandSession session) {
        Object input = session.get(EventFollow.INPUT);
        return input instanceof Supplier<?> s && "ended".equals(s.get());
    }

    @Override
    String notes() {
        return "EXPR is a filter's when, quoted: field names as in conditions (wfp:layer LAYER lists them). It is compiled"
                + "\nat every layer whose fields it names, and each packet matching it there is traced: one walk per"
                + "\npacket and layer. The callouts are called as for any packet, and counted. One trace at a time;"
                + "\n--trace EXPR on weir.jar's command line traces a source from its first packet.\n"
                + "examples:\n"
                + "  wfp:trace 'protocol == tcp and local.port == 22'\n"
                + "  wfp:trace --count 10 'remote.addr == 198.51.100.0/24'\n"
                + "  wfp:trace --no-format 'protocol == udp'";
    }
}
