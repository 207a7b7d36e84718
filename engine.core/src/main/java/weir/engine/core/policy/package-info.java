/**
 * Policy files: JSON descriptions of providers, sublayers, callout objects and filters
 * ({@code engine.core/POLICY.md}). {@link weir.engine.core.policy.PolicyFile} reads one into a
 * {@link weir.engine.core.policy.Policy} or reports every error as {@code FILE:LINE:COL: message};
 * {@link weir.engine.core.policy.PolicyImporter} applies it as one transaction (all or nothing);
 * {@link weir.engine.core.policy.PolicyExporter} writes an engine's state back as a file that imports to the
 * same state. Private to the engine bundle: the shell and the launcher use it.
 */
package weir.engine.core.policy;
