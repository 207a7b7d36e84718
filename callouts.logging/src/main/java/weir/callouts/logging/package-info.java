/** The logging callout bundle: private, exports nothing. */
package weir.callouts.logging;
