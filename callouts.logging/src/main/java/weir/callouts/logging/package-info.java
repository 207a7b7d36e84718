/**
 * An inspection callout: counts every packet it sees per flow (a flow context), keeps a ring of the last
 * packets and a list of ended flows with their totals (written when WFP calls flowDelete), and shows them
 * with the {@code logging:} shell commands. Private: exports nothing, imports only weir.engine.api.
 */
package weir.callouts.logging;
