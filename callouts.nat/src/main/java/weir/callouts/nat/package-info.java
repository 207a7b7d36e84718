/** The nat callout bundle: private, exports nothing. */
package weir.callouts.nat;
