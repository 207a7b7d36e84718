/**
 * The code of the callout bundles that the integration tests build at run time (CalloutBundles in
 * weir.engine.core.itest writes a jar with these classes and a manifest whose headers choose the behaviour).
 * Not part of the test bundle: it carries these class files as resources only, so every installed callout
 * bundle has its own class loader, as a third party's would.
 */
package weir.itest.callout;
