package weir.callouts.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The table of keys and layers in callouts.logging/README.md, which tests hold the bundle to. */
final class FlowLogKeys {
    /** Layer name to key, as README.md lists them. */
    static final Map<String, String> TABLE = read(Path.of("README.md"));

    private FlowLogKeys() {
    }

    static Map<String, String> read(Path readme) {
        Map<String, String> t = new TreeMap<>();
        Pattern row = Pattern.compile("^\\| `([0-9a-f-]{36})` \\| `([A-Z_0-9]+)` \\|");
        try {
            for (String line : Files.readAllLines(readme)) {
                Matcher m = row.matcher(line);
                if (m.find()) {
                    t.put(m.group(2), m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }
}
