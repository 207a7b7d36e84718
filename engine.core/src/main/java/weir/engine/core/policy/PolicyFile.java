package weir.engine.core.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import weir.engine.api.Layer;

/**
 * Reads a policy file (format: {@code engine.core/POLICY.md}) into a {@link Policy}, or fails with every
 * error it finds, each as {@code FILE:LINE:COL: message}: JSON syntax, unknown members, layers, fields,
 * match types, flags and actions, values that do not fit their field, references to names that are not in
 * the file, duplicate keys.
 */
public final class PolicyFile {
    private static final Pattern GUID = Pattern.compile(
            "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");

    private PolicyFile() {
    }

    /** @throws PolicyException listing every error (also when the file cannot be read) */
    public static Policy read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyError(file.toString(), new Loc(1, 1),
                    "cannot read the file: " + e.getClass().getSimpleName() + " " + e.getMessage())));
        }
        return parse(file.toString(), text);
    }

    /**
     * @param fileName how errors name the file
     * @throws PolicyException listing every error
     */
    public static Policy parse(String fileName, String text) {
        Problems problems = new Problems(fileName);
        Json root = Json.parse(text, problems);
        Policy p = root == null ? null : new PolicyReader(problems, text).read(root);
        problems.throwIfAny();
        return p;
    }

    /** The GUID in {@code s} (with or without braces), or null when it is not one. */
    static UUID guid(String s) {
        if (!GUID.matcher(s).matches()) {
            return null;
        }
        return UUID.fromString(s.startsWith("{") ? s.substring(1, s.length() - 1) : s);
    }

    /** The layer with this name (WFP's, without FWPM_LAYER_; any case), or null. */
    static Layer layer(String s) {
        for (Layer l : Layer.values()) {
            if (l.name().equalsIgnoreCase(s)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Where character {@code index} (0-based) of a JSON string's decoded value stands in the file, given
     * where the string's opening quote is: escapes take more than one column.
     */
    static Loc inString(String text, Loc quote, int index) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        if (quote.line() > lines.length) {
            return quote;
        }
        String line = lines[quote.line() - 1];
        int r = quote.col(); // 0-based index of the first character after the quote
        for (int d = 0; d < index && r < line.length(); d++) {
            if (line.charAt(r) == '\\') {
                r += r + 1 < line.length() && line.charAt(r + 1) == 'u' ? 6 : 2;
            } else {
                r++;
            }
        }
        return new Loc(quote.line(), r + 1);
    }
}
