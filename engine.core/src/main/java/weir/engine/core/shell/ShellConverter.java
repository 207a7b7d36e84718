package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Formats the wfp: commands' results for the shell: in full for {@code INSPECT} (what a command line prints),
 * one line for {@code LINE} and {@code PART} (inside lists and pipes); and any bundle's records, Listings and
 * NoFormat results ({@code weir.engine.api.shell}, see {@link RecordFormat}) in the same style. Other objects are
 * left to Gogo. Converts nothing: the commands read their own words.
 */
final class ShellConverter implements Converter {
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof Printable p) {
            return level == Converter.INSPECT ? p.inspect() : p.line();
        }
        // Gogo passes its session as the escape converter: its terminal's width fits the tables
        int width = escape instanceof CommandSession s ? Style.width(s) : 0;
        return RecordFormat.format(target, level, width);
    }
}
