package weir.engine.api;

import java.util.List;
import java.util.UUID;

/**
 * One entry of the callout runtime view: a key with its management record and/or run-time registration, or a
 * whiteboard service (shadowed, or INVALID). One key may have several entries: the active one and those
 * shadowed behind it.
 *
 * @param calloutKey the key; null only for an INVALID whiteboard service without a usable {@code callout.key}
 * @param calloutId the run-time id, 0 when not registered
 * @param name the callout object's name, or the service's {@code callout.name}, or empty
 * @param bundle the symbolic name of the bundle that registered it, or empty
 * @param applicableLayer the callout object's layer, or null without a callout object
 * @param filterIds the filters whose action names this callout
 * @param statistics its counters, time per call and slowest calls (all zero when nothing is registered)
 * @param reason why it is in its state, in words (e.g. "shadowed by service 42 with ranking 10", or why it was
 *        quarantined: failures or calls over the time budget in a row)
 */
public record CalloutView(UUID calloutKey, int calloutId, String name, String bundle, CalloutState state,
        Layer applicableLayer, List<Long> filterIds, CalloutStatistics statistics, String reason) {
}
