package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine options from etc/weir.engine.cfg (ConfigAdmin, PID weir.engine) reach the engine: wfp:engine shows them. */
class EngineConfigIT {
    @TempDir
    Path dir;

    @Test
    void weirEngineCfgSetsTheOptions() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/weir.engine.cfg"), String.join("\n",
                "stopAfterHardBlock = true",
                "netEventCapacity = 512",
                "layerDefaultActions = INBOUND_TRANSPORT_V4=BLOCK", ""));
        try (Weir weir = Weir.start(dir)) {
            // FileInstall hands the file to ConfigAdmin shortly after start: poll, within 10000 ms
            long deadline = System.nanoTime() + 10_000_000_000L;
            String value = "";
            while (System.nanoTime() < deadline) {
                value = weir.query("wfp:engine stopAfterHardBlock").strip();
                if (value.equals("stopAfterHardBlock true")) {
                    break;
                }
                Thread.sleep(100);
            }
            if (!value.equals("stopAfterHardBlock true")) {
                fail("etc/weir.engine.cfg did not set stopAfterHardBlock within 10000 ms: " + value);
            }
            assertEquals("netEventCapacity 512", weir.query("wfp:engine netEventCapacity").strip());
            assertEquals("defaultAction PERMIT {INBOUND_TRANSPORT_V4=BLOCK}",
                    weir.query("wfp:engine defaultAction").strip());
            String table = weir.query("wfp:engine");
            assertTrue(Pattern.compile("(?m)^stopAfterHardBlock\\s+true\\s").matcher(table).find(), table);
        }
    }
}
