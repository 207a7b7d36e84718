package weir.engine.api;

import java.util.List;
import java.util.UUID;

/**
 * One sublayer's part in a traced classification: its matching filters in evaluation order, up to and
 * including the one that ended the sublayer.
 *
 * @param skipped true when stopAfterHardBlock skipped this sublayer (D1)
 */
public record SubLayerTrace(UUID subLayerKey, String name, int weight, List<FilterTrace> filters, boolean skipped) {
}
