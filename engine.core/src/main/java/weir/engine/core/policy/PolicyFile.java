package weir.engine.core.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import weir.engine.api.Layer;
import weir.engine.core.expr.Echo;

/**
 * Reads a policy file (format: {@code engine.core/POLICY.md}) into a {@link Policy}, or fails with every
 * error it finds, each as {@code FILE:LINE:COL: message}: JSON syntax, unknown members, layers, fields,
 * match types, flags and actions, values that do not fit their field, references to names that are not in
 * the file, duplicate keys.
 */
public final class PolicyFile {
    private static final Pattern GUID = Pattern.compile(
            "\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"
            + "|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PolicyFile() {
    }

    /**
     * The largest policy file Weir reads. A policy of 100,000 filters is about 20 MB; the limit keeps a wrong
     * file (a capture, a disk image) from being read into memory whole.
     */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** @throws PolicyException listing every error (also when the file cannot be read) */
    public static Policy read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new PolicyException(List.of(new PolicyError(file.toString(), new Loc(1, 1), "the file has "
                        + size + " bytes; a policy file has at most " + MAX_BYTES + " (is it the right file?)")));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyError(file.toString(), new Loc(1, 1),
                    "cannot read the file: " + e.getClass().getSimpleName() + " " + Echo.of(e.getMessage()))));
        }
        return parse(file.toString(), bytes);
    }

    /**
     * A file's bytes: UTF-8, with or without a byte-order mark. Any other encoding is refused with the
     * position of the first byte that is not UTF-8.
     *
     * @param fileName how errors name the file
     * @throws PolicyException listing every error
     */
    public static Policy parse(String fileName, byte[] bytes) {
        return parse(fileName, decode(fileName, bytes));
    }

    /**
     * @param fileName how errors name the file
     * @throws PolicyException listing every error
     */
    public static Policy parse(String fileName, String text) {
        Problems problems = new Problems(fileName);
        try {
            Json root = Json.parse(text, problems);
            Policy p = root == null ? null : new PolicyReader(problems, text).read(root);
            problems.throwIfAny();
            return p;
        } catch (StackOverflowError e) {
            // a backstop only: Json and the expression parser limit nesting far below what the stack holds
            throw new PolicyException(List.of(new PolicyError(fileName, new Loc(1, 1),
                    "the file nests too deeply to be read: a policy needs at most 6 levels")));
        }
    }

    /** The text of a policy file's bytes (see {@link #parse(String, byte[])}). */
    static String decode(String fileName, byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3; // a UTF-8 byte-order mark: some Windows editors write one
        } else if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            throw refused(fileName, new Loc(1, 1), "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                    + "save it as UTF-8");
        }
        int nul = -1;
        for (int i = start; i < bytes.length && nul < 0; i++) {
            if (bytes[i] == 0) {
                nul = i;
            }
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError() && (nul < 0 || in.position() < nul)) {
            int bad = in.position();
            throw refused(fileName, position(bytes, start, bad), String.format("byte 0x%02X is not UTF-8: save the "
                    + "file as UTF-8 (a policy file is UTF-8 text)", bytes[bad] & 0xFF));
        }
        if (nul >= 0) {
            // JSON has no place for a NUL; a text in UTF-16 or UTF-32 without a byte-order mark is full of them
            throw refused(fileName, position(bytes, start, nul), "a NUL byte: the file is not UTF-8 text"
                    + (nul - start < 4 ? " (UTF-16 or UTF-32?)" : "") + "; save it as UTF-8");
        }
        d.flush(out);
        return out.flip().toString();
    }

    private static PolicyException refused(String fileName, Loc at, String message) {
        return new PolicyException(List.of(new PolicyError(fileName, at, message)));
    }

    /**
     * The LINE:COL of byte {@code index}: lines end at LF, CR LF or CR (as Jackson
     * counts them), columns count characters, as the other errors do.
     */
    private static Loc position(byte[] bytes, int start, int index) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < index; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        int col = 1;
        try {
            col = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, lineStart, index - lineStart))
                    .length() + 1;
        } catch (CharacterCodingException e) {
            col = index - lineStart + 1; // not reached: the bytes before the first bad one are UTF-8
        }
        return new Loc(line, col);
    }

    /** The zero GUID: WFP's "none" (D19). */
    static boolean isZero(UUID key) {
        return key != null && key.getMostSignificantBits() == 0 && key.getLeastSignificantBits() == 0;
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
