/**
 * The flow log: one inspection callout per layer (ALE_FLOW_ESTABLISHED and the inbound and outbound transport
 * layers, IPv4 and IPv6) that counts every flow's packets in a flow context and, when the flow ends, writes
 * one record in the layout of Suricata's EVE {@code flow} event to a rotating JSON-lines file. Private: exports
 * nothing.
 */
package weir.callouts.logging;
