package weir.engine.core.policy;

import java.io.IOException;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonGenerator;

import weir.engine.api.Condition;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.core.expr.ValueFormatter;

/**
 * Writes one condition as {@code {"field", "match", "value"}} in the form {@link ConditionReader} reads
 * back: numbers as numbers, named and structured values (protocols, flags, addresses) as their text,
 * strings and app ids as their text, other blobs as "0x..", EMPTY as null, RANGE as {"low", "high"}.
 */
final class ConditionJson {
    private ConditionJson() {
    }

    static void write(JsonGenerator g, Layer layer, Condition c) throws IOException {
        g.writeStartObject();
        g.writeStringField("field", c.field().name());
        g.writeStringField("match", c.matchType().name());
        g.writeFieldName("value");
        if (c.value() instanceof Value.Range r) {
            g.writeStartObject();
            g.writeFieldName("low");
            value(g, layer, c, r.low());
            g.writeFieldName("high");
            value(g, layer, c, r.high());
            g.writeEndObject();
        } else {
            value(g, layer, c, c.value());
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Layer layer, Condition c, Value v) throws IOException {
        if (v instanceof Value.Empty) {
            g.writeNull();
        } else if (v instanceof Value.UnicodeString s) {
            g.writeString(s.value());
        } else if (v instanceof Value.ByteBlob b) {
            String s = ValueFormatter.blobText(b.bytes());
            // text that looks like hex would read back as bytes
            g.writeString(s != null && !s.matches("0[xX][0-9a-fA-F]*") ? s : "0x" + PolicyExporter.hex(b.bytes()));
        } else {
            String t = ValueFormatter.format(layer, c.field(), c.matchType(), v);
            if (t.matches("-?[0-9]+")) {
                g.writeNumber(new BigInteger(t));
            } else {
                g.writeString(t);
            }
        }
    }
}
