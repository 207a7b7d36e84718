/**
 * The NAT callouts bundle: static 1:1 NAT, port forwarding and source NAT with port allocation for IPv4, as two
 * terminating callouts, one per layer (INBOUND_TRANSPORT_V4 {@code 2aee6278-67fb-4aa2-8b17-0b6ed6dd5081},
 * OUTBOUND_TRANSPORT_V4 {@code 5b0d7c3e-9a61-4f2b-8e47-2c1a6d9f0b13}), sharing one {@link
 * weir.callouts.nat.MappingTable}. Rules come from {@code weir.nat.rule} configurations and the {@code nat:}
 * shell commands. Private: exports nothing, imports only weir.engine.api.
 */
package weir.callouts.nat;
