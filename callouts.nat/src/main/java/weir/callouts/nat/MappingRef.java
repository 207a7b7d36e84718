package weir.callouts.nat;

/**
 * The flow context the NAT callouts associate with a flow (WFP's API wants an object per association): which
 * mapping the flow holds, by number and generation, so that a flowDelete releases exactly that mapping and a
 * late one for a mapping since replaced is ignored. The mapping itself lives in {@link MappingTable}'s arrays.
 */
record MappingRef(int mapping, int generation) {
}
