/**
 * Weir's filter engine API: WFP's layers, sublayers, filters, conditions, actions, arbitration results,
 * the management side ({@code Fwpm*}) and the run-time side ({@code Fwps*}). Interfaces, records and
 * enums only; the implementation lives in the private bundle {@code weir.engine.core}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package weir.engine.api;
