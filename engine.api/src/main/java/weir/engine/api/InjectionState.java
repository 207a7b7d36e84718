package weir.engine.api;

/** WFP's {@code FWPS_PACKET_INJECTION_STATE}, relative to the asking injector. */
public enum InjectionState {
    NOT_INJECTED,
    INJECTED_BY_SELF,
    INJECTED_BY_OTHER,
    PREVIOUSLY_INJECTED_BY_SELF
}
