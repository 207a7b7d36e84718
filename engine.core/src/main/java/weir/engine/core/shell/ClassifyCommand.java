package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.CalloutObject;
import weir.engine.api.ClassifyTrace;
import weir.engine.api.Classifier;
import weir.engine.api.DataType;
import weir.engine.api.Decision;
import weir.engine.api.Direction;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.FilterTrace;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayerTrace;
import weir.engine.api.Value;
import weir.engine.core.classify.WhatIf;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.FieldNames;
import weir.engine.core.expr.ValueException;
import weir.engine.core.expr.ValueFormatter;
import weir.engine.core.expr.ValueReader;
import weir.engine.core.mgmt.SessionWhatIf;

/**
 * {@code wfp:classify LAYER FIELD=VALUE ...}: what-if. Fills a layer's incoming values from field values in
 * their natural form and classifies them as the shell's session sees the filters ({@link SessionWhatIf}):
 * inside a transaction its uncommitted changes count. The same arbitration and callouts as a packet (callouts
 * called without a flow), and no state changed: nothing counted, no quarantine, no flow context, no net event.
 * The answer names the callouts it called and says that they were not counted.
 */
final class ClassifyCommand extends Command {
    private final Shell shell;

    ClassifyCommand(Shell shell) {
        super("classify", "classify");
        this.shell = shell;
    }

    @Descriptor("what-if: classify a packet described by field values and print the decision")
    public ClassifyResult classify(CommandSession session,
            @Descriptor("also show every sublayer's matching filters and what each did")
            @Parameter(names = {"-t", "--trace"}, presentValue = "true", absentValue = "false") boolean trace,
            @Descriptor("print one JSON object (action, hard, filterId, filterName, vetoed, reason, ...)")
            @Parameter(names = {"--json"}, presentValue = "true", absentValue = "false") boolean json,
            @Descriptor(Options.LAYER) @Arg(value = "LAYER", complete = Completion.LAYER) String layer,
            @Descriptor("field values, e.g. protocol=tcp local.port=23 remote.addr=198.51.100.7 (others are EMPTY)")
            @Arg(value = "FIELD=VALUE", complete = Completion.FIELD_VALUE) List<String> fields) {
        EngineSession s = shell.session(session);
        Layer l = Lookup.layer(layer);
        Classifier c = shell.classifier();
        IncomingValues values = c.newIncomingValues(l);
        Map<String, String> given = fill(l, values, fields);
        Metadata m = c.newMetadata();
        if (l.name().startsWith("INBOUND_")) {
            m.setPacketDirection(Direction.INBOUND);
        } else if (l.name().startsWith("OUTBOUND_")) {
            m.setPacketDirection(Direction.OUTBOUND);
        }
        SessionWhatIf.Result w = SessionWhatIf.classify(s, l, values, m);
        ClassifyTrace t = w.whatIf().trace();
        Decision d = t.decision();
        Map<Long, String> names = new HashMap<>();
        for (Filter f : s.filters(FilterEnumTemplate.layer(l))) {
            names.put(f.filterId(), f.name());
        }
        List<ClassifyResult.SubLayerStep> steps = new ArrayList<>();
        for (SubLayerTrace st : t.subLayers()) {
            List<ClassifyResult.FilterStep> fs = new ArrayList<>();
            for (FilterTrace ft : st.filters()) {
                String action = ft.action().type().name();
                fs.add(new ClassifyResult.FilterStep(ft.filterId(), ft.name(),
                        Texts.effectiveWeight(ft.effectiveWeight()), action, ft.result().name(), ft.hard(),
                        ft.applied(), ft.note() == null ? "" : ft.note()));
            }
            steps.add(new ClassifyResult.SubLayerStep(st.subLayerKey().toString(), st.name(), st.weight(),
                    st.skipped(), fs));
        }
        return new ClassifyResult(l.name(), d.action().name(), d.hard(), d.absorbed(), d.filterId(),
                names.getOrDefault(d.filterId(), ""), d.vetoed(), d.reason().name(), given, trace, steps,
                calls(s, w.whatIf().calloutCalls()), w.inTransaction(), w.readOnly(), w.uncommittedChanges(), json,
                Style.of(session, false));
    }

    private static List<ClassifyResult.CalloutCall> calls(EngineSession s, List<WhatIf.CalloutCall> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> names = new HashMap<>();
        for (CalloutObject o : s.callouts()) {
            names.put(o.calloutKey(), o.name());
        }
        List<ClassifyResult.CalloutCall> out = new ArrayList<>();
        for (WhatIf.CalloutCall c : calls) {
            out.add(new ClassifyResult.CalloutCall(c.filterId(), c.calloutKey().toString(),
                    names.getOrDefault(c.calloutKey(), ""), c.nanos(), c.overBudget(), c.error()));
        }
        return out;
    }

    /** Sets each FIELD=VALUE; returns them by WFP field name in natural form. */
    private Map<String, String> fill(Layer l, IncomingValues values, List<String> words) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw error("'" + Echo.of(w) + "' is not FIELD=VALUE, e.g. local.port=23 (wfp:layer " + l
                        + " lists the fields)");
            }
            String name = w.substring(0, eq).trim();
            String text = w.substring(eq + 1).trim();
            Field f;
            Value v;
            try {
                f = FieldNames.resolve(l, name);
                v = ValueReader.read(l, f, name, literal(l, f, text));
            } catch (ValueException e) {
                throw error(e.getMessage());
            }
            if (given.containsKey(f.name())) {
                throw error(name + " is given twice: a packet has one value per field");
            }
            if (v instanceof Value.V4AddrMask || v instanceof Value.V6AddrMask || v instanceof Value.Range) {
                throw error(name + "=" + text + ": a packet has one value, not a prefix or a range; e.g. "
                        + name + "=" + (l.ipVersion() == IpVersion.V4 ? "10.0.0.1" : "2001:db8::1"));
            }
            int i = l.indexOf(f);
            if (v instanceof Value.Empty) {
                values.setEmpty(i);
            } else {
                values.set(i, v);
            }
            given.put(f.name(), ValueFormatter.format(l, f, MatchType.EQUAL, v));
        }
        return given;
    }

    /** Strings and app ids need no quotes here: the whole word after '=' is the value. */
    private static ValueReader.Literal literal(Layer l, Field f, String text) {
        boolean quoted = text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"")
                || text.startsWith("'") && text.endsWith("'"));
        if (quoted) {
            return ValueReader.Literal.string(text.substring(1, text.length() - 1));
        }
        DataType t = l.typeOf(f);
        boolean textual = t == DataType.UNICODE_STRING || t == DataType.BYTE_BLOB && !text.startsWith("0x");
        return textual && !text.equalsIgnoreCase("empty") ? ValueReader.Literal.string(text)
                : ValueReader.Literal.word(text);
    }

    @Override
    String notes() {
        return "Values in their natural form: addresses dotted or with colons, ports and numbers, protocol names"
                + "\n(tcp, udp, icmp, icmpv6), flag names joined by | (quote them: 'flags=IS_LOOPBACK|IS_FRAGMENT'),"
                + "\n'empty'. Field names as in conditions (wfp:layer LAYER lists them). Callouts are called as for a"
                + "\npacket without data and without a flow, and the answer names them; nothing is counted (no"
                + "\nstatistics, no callout counters or quarantine, no flow context, no net event). Inside a"
                + "\ntransaction (wfp:txn-begin) the session's uncommitted changes are evaluated.\n"
                + "examples:\n"
                + "  wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=198.51.100.7\n"
                + "  wfp:classify --trace ALE_AUTH_CONNECT_V4 protocol=udp remote.port=53\n"
                + "  wfp:classify --json INBOUND_TRANSPORT_V6 protocol=icmpv6 icmp.type=128";
    }
}
