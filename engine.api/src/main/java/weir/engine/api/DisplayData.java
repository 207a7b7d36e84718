package weir.engine.api;

/** WFP's {@code FWPM_DISPLAY_DATA0}: a required name and an optional description. */
public record DisplayData(String name, String description) {
    public DisplayData {
        description = description == null ? "" : description;
    }

    public static DisplayData of(String name) {
        return new DisplayData(name, "");
    }
}
