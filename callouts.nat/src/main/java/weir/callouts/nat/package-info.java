/**
 * The NAT callout bundle (key {@code 5b0d7c3e-9a61-4f2b-8e47-2c1a6d9f0b13}): static NAT, port forwarding and
 * source NAT with port allocation for IPv4, as a terminating callout at the transport layers. Rules come from
 * {@code weir.nat.rule} configurations and the {@code nat:} shell commands; each translated flow carries a
 * {@link weir.callouts.nat.Translation} as its flow context. Private: exports nothing, imports only
 * weir.engine.api.
 */
package weir.callouts.nat;
