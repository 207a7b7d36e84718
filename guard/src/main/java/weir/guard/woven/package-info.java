/**
 * What the calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in deployed bundles become:
 * Weir's weaving hook rewrites each into a call of {@link weir.guard.woven.ExitRefusal}, which counts it, says so
 * on the console and throws {@link weir.guard.woven.ExitRefusedException}. Exported only so that the woven classes
 * reach it (the weaver adds a dynamic import of this package to them); nothing else needs it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package weir.guard.woven;
