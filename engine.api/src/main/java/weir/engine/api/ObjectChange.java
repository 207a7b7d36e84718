package weir.engine.api;

import java.util.UUID;

/**
 * One change notification ({@code FWPM_FILTER_CHANGE0} and its siblings): what changed, its key, and its
 * run-time id where it has one (filterId, calloutId; 0 otherwise).
 */
public record ObjectChange(ObjectType objectType, ChangeType changeType, UUID key, long id) {
}
