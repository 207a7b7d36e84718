package weir.engine.core.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;

import weir.engine.api.EngineSession;
import weir.engine.api.NetEvent;
import weir.engine.api.Subscription;

/**
 * {@code wfp:events --follow}: prints net events as they are recorded, oldest first, one row each in fixed
 * columns (a header first; {@code --no-format}: tab-separated rows only), until one of these ends it:
 * Ctrl-C at a terminal (Gogo interrupts the command), the end of the input when it is piped (the launcher's
 * piped shell tells through the session variable {@value #INPUT}; lines after the follow run after it), or
 * the shell going away. The events come from the engine's net-event subscription, off the packet path; a
 * follower that falls more than {@value #QUEUE} events behind misses some and says how many on standard error.
 */
final class EventFollow {
    /** The launcher's piped shell: a {@code Supplier<String>}, {@code open} or {@code ended}. */
    static final String INPUT = ".weir.input";
    static final int QUEUE = 65_536;
    private static final long POLL_MILLIS = 100;

    private final Shell shell;
    private final CommandSession session;
    private final EngineSession engine;
    private final EventsCommand.Selection selection;
    private final Map<Long, String> names;
    private final Style style;

    EventFollow(Shell shell, CommandSession session, EngineSession engine, EventsCommand.Selection selection,
            Map<Long, String> names, Style style) {
        this.shell = shell;
        this.session = session;
        this.engine = engine;
        this.selection = selection;
        this.names = names;
        this.style = style;
    }

    /** @param backlog how many of the events before now to print first (0: all), or -1 for none */
    void run(int backlog) {
        LinkedBlockingQueue<NetEvent> arriving = new LinkedBlockingQueue<>(QUEUE);
        LongAdder missed = new LongAdder();
        // Subscribed before the backlog is read, so that nothing falls between the two; what both hold is
        // printed once.
        Subscription subscription = engine.subscribeNetEvents(e -> {
            if (!arriving.offer(e)) {
                missed.increment();
            }
        });
        Thread me = Thread.currentThread();
        shell.following(me, true);
        PrintWriter out = LiveOutput.of(session);
        try {
            if (!style.plain()) {
                out.println(EventList.followTable().render(style, true));
                out.flush(); // the header shows at once, not with the first event (which may never come)
            }
            Set<NetEvent> printed = backlog < 0 ? Set.of() : printBacklog(out, backlog);
            while (true) {
                NetEvent e = arriving.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (e != null) {
                    if (!printed.contains(e) && selection.selectsArriving(e)) {
                        print(out, e);
                    }
                    continue;
                }
                if (me.isInterrupted() || inputEnded()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C, or the shell went: the follow is over
        } finally {
            subscription.close();
            shell.following(me, false);
            out.flush();
        }
        long lost = missed.sum();
        if (lost > 0) {
            System.err.println("wfp:events: " + Texts.count(lost, "event") + " not shown: they came faster than they"
                    + " could be printed (narrow the follow with --layer, --filter or --type)");
        }
    }

    /** The selected events before now, oldest first; returns them, so that they are not printed twice. */
    private Set<NetEvent> printBacklog(PrintWriter out, int limit) {
        List<NetEvent> before = new ArrayList<>();
        for (NetEvent e : engine.netEvents(selection.template())) {
            if (selection.selects(e)) {
                before.add(e);
                if (limit > 0 && before.size() == limit) {
                    break;
                }
            }
        }
        Collections.reverse(before);
        for (NetEvent e : before) {
            print(out, e);
        }
        return new HashSet<>(before);
    }

    private void print(PrintWriter out, NetEvent e) {
        Table t = style.plain() ? EventList.table() : EventList.followTable(); // plain: the columns of the list
        EventList.add(t, EventList.Row.of(e, names));
        out.println(t.render(style, false));
        out.flush();
    }

    /** Piped input: true once it ended. At a terminal (and with -c) there is no such variable. */
    private boolean inputEnded() {
        Object input = session.get(INPUT);
        return input instanceof Supplier<?> s && "ended".equals(s.get());
    }
}
