package weir.engine.core.shell;

/** What tab completion offers for an argument or an option's value. */
enum Completion {
    NONE,
    LAYER,
    SUBLAYER,
    PROVIDER,
    CALLOUT,
    FILTER,
    ACTION,
    FILTER_FLAGS,
    WEIGHT,
    BOOLEAN,
    EVENT_TYPE,
    ENGINE_OPTION,
    /** {@code FIELD=VALUE} words of the layer named earlier on the line (wfp:classify). */
    FIELD_VALUE,
    /** Field names of the layer named by {@code --layer} (the expression of wfp:filter-add). */
    FIELD,
    COMMAND,
    FILE
}
