package weir.engine.api;

/** The kinds of engine objects a subscription can watch. */
public enum ObjectType {
    PROVIDER,
    PROVIDER_CONTEXT,
    SUBLAYER,
    CALLOUT,
    FILTER
}
