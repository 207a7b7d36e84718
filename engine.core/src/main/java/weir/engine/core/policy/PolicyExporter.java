package weir.engine.core.policy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.api.Weight;
import weir.engine.core.expr.ConditionParser;
import weir.engine.core.expr.ConditionPrinter;
import weir.engine.core.expr.ExpressionException;

/**
 * Writes an engine's providers, sublayers, callout objects and filters (all but the built-in ones) as a
 * policy file that imports back to the same state. Filters carry {@code "when"} where the expression
 * language reads back exactly their conditions, else {@code "conditions"}; references use the name where
 * it is unique in the file, else the key. Read in one read-only transaction, so it is one snapshot.
 */
public final class PolicyExporter {
    private PolicyExporter() {
    }

    public static void write(EngineSession session, Path file) throws IOException {
        Files.writeString(file, export(session), StandardCharsets.UTF_8);
    }

    /** The policy text. */
    public static String export(EngineSession session) {
        boolean own = !session.inTransaction();
        if (own) {
            session.beginTransaction(true);
        }
        try {
            List<Provider> providers = session.providers();
            List<SubLayer> subLayers = new ArrayList<>();
            for (SubLayer s : session.subLayers()) {
                if (!isBuiltIn(s)) {
                    subLayers.add(s);
                }
            }
            return new Writer(providers, subLayers, session.callouts(), session.filters()).write();
        } finally {
            if (own) {
                session.commit();
            }
        }
    }

    /** Built-in sublayers exist in every engine and cannot be added: not part of a policy. */
    static boolean isBuiltIn(SubLayer s) {
        return Layer.SUBLAYER_UNIVERSAL.equals(s.subLayerKey());
    }

    /** One export: knows which names are unique, so references can use them. */
    private static final class Writer {
        private final List<Provider> providers;
        private final List<SubLayer> subLayers;
        private final List<CalloutObject> callouts;
        private final List<Filter> filters;
        private final StringWriter out = new StringWriter();
        private JsonGenerator g;

        Writer(List<Provider> providers, List<SubLayer> subLayers, List<CalloutObject> callouts, List<Filter> filters) {
            this.providers = providers;
            this.subLayers = subLayers;
            this.callouts = callouts;
            this.filters = filters;
        }

        String write() {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("").withObjectEmptySeparator(""));
            DefaultIndenter indent = new DefaultIndenter("  ", "\n");
            pp.indentObjectsWith(indent);
            pp.indentArraysWith(indent);
            try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
                g = gen.setPrettyPrinter(pp);
                g.writeStartObject();
                g.writeNumberField("version", 1);
                g.writeArrayFieldStart("providers");
                for (Provider p : providers) {
                    provider(p);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("sublayers");
                for (SubLayer s : subLayers) {
                    subLayer(s);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("callouts");
                for (CalloutObject c : callouts) {
                    callout(c);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("filters");
                for (Filter f : filters) {
                    filter(f);
                }
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString() + "\n";
        }

        private void display(UUID key, DisplayData d) throws IOException {
            if (key != null) {
                g.writeStringField("key", key.toString());
            }
            g.writeStringField("name", d.name());
            if (!d.description().isEmpty()) {
                g.writeStringField("description", d.description());
            }
        }

        private void data(byte[] b) throws IOException {
            if (b.length > 0) {
                g.writeStringField("data", "0x" + hex(b));
            }
        }

        private void flag(String name, boolean on) throws IOException {
            if (on) {
                g.writeBooleanField(name, true);
            }
        }

        private void provider(Provider p) throws IOException {
            g.writeStartObject();
            display(p.providerKey(), p.displayData());
            flag("persistent", p.persistent());
            if (!p.serviceName().isEmpty()) {
                g.writeStringField("serviceName", p.serviceName());
            }
            data(p.providerData());
            g.writeEndObject();
        }

        private void subLayer(SubLayer s) throws IOException {
            g.writeStartObject();
            display(s.subLayerKey(), s.displayData());
            g.writeNumberField("weight", s.weight());
            ref("provider", s.providerKey(), providerNames());
            flag("persistent", s.persistent());
            data(s.providerData());
            g.writeEndObject();
        }

        private void callout(CalloutObject c) throws IOException {
            g.writeStartObject();
            display(c.calloutKey(), c.displayData());
            g.writeStringField("layer", c.applicableLayer().name());
            ref("provider", c.providerKey(), providerNames());
            flag("persistent", c.persistent());
            flag("usesProviderContext", c.usesProviderContext());
            g.writeEndObject();
        }

        private void filter(Filter f) throws IOException {
            g.writeStartObject();
            display(f.filterKey(), f.displayData());
            g.writeStringField("layer", f.layer().name());
            if (f.subLayerKey() != null && !f.subLayerKey().equals(f.layer().defaultSubLayerKey())) {
                ref("sublayer", f.subLayerKey(), subLayerNames());
            }
            ref("provider", f.providerKey(), providerNames());
            weight(f.weight());
            conditions(f.layer(), f.conditions());
            if (f.action().calloutKey() == null) {
                g.writeStringField("action", f.action().type().name());
            } else {
                g.writeObjectFieldStart("action");
                g.writeStringField("type", f.action().type().name());
                ref("callout", f.action().calloutKey(), calloutNames());
                g.writeEndObject();
            }
            List<String> flags = new ArrayList<>();
            for (FilterFlag x : FilterFlag.values()) {
                if (f.has(x) && x != FilterFlag.PERSISTENT && x != FilterFlag.DISABLED) {
                    flags.add(x.name());
                }
            }
            if (!flags.isEmpty()) {
                g.writeArrayFieldStart("flags");
                for (String s : flags) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            flag("persistent", f.has(FilterFlag.PERSISTENT));
            if (f.rawContext() != 0) {
                g.writeFieldName("rawContext");
                g.writeNumber(new BigInteger(Long.toUnsignedString(f.rawContext())));
            }
            if (f.providerContextKey() != null) {
                g.writeStringField("providerContext", f.providerContextKey().toString());
            }
            data(f.providerData());
            g.writeEndObject();
        }

        private void weight(Weight w) throws IOException {
            if (w instanceof Weight.Exact e) {
                g.writeFieldName("weight");
                g.writeNumber(new BigInteger(Long.toUnsignedString(e.value())));
            } else if (w instanceof Weight.InRange r) {
                g.writeObjectFieldStart("weight");
                g.writeNumberField("range", r.range());
                g.writeEndObject();
            }
        }

        private void conditions(Layer layer, List<Condition> conditions) throws IOException {
            if (conditions.isEmpty()) {
                return;
            }
            String when = ConditionPrinter.print(layer, conditions);
            boolean exact;
            try {
                exact = ConditionParser.parse(layer, when).equals(conditions);
            } catch (ExpressionException e) {
                exact = false;
            }
            if (exact) {
                g.writeStringField("when", when);
                return;
            }
            g.writeArrayFieldStart("conditions");
            for (Condition c : conditions) {
                ConditionJson.write(g, layer, c);
            }
            g.writeEndArray();
        }

        /** A reference: the name where it is unique among the exported objects of its kind, else the key. */
        private void ref(String member, UUID key, List<Named> names) throws IOException {
            if (key == null) {
                return;
            }
            String name = null;
            int same = 0;
            for (Named n : names) {
                if (n.key.equals(key)) {
                    name = n.name;
                }
            }
            for (Named n : names) {
                if (n.name.equals(name)) {
                    same++;
                }
            }
            boolean usable = name != null && same == 1 && PolicyFile.guid(name) == null;
            g.writeStringField(member, usable ? name : key.toString());
        }

        private record Named(UUID key, String name) {
        }

        private List<Named> providerNames() {
            List<Named> l = new ArrayList<>();
            for (Provider p : providers) {
                l.add(new Named(p.providerKey(), p.name()));
            }
            return l;
        }

        private List<Named> subLayerNames() {
            List<Named> l = new ArrayList<>();
            for (SubLayer s : subLayers) {
                l.add(new Named(s.subLayerKey(), s.name()));
            }
            return l;
        }

        private List<Named> calloutNames() {
            List<Named> l = new ArrayList<>();
            for (CalloutObject c : callouts) {
                l.add(new Named(c.calloutKey(), c.name()));
            }
            return l;
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
