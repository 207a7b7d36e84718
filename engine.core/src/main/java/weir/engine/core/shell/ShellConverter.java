package weir.engine.core.shell;

import org.apache.felix.service.command.Converter;

/**
 * Formats the wfp: commands' results for the shell: in full for {@code INSPECT} (what a command line prints),
 * one line for {@code LINE} and {@code PART} (inside lists and pipes). Other objects are left to Gogo. Converts
 * nothing: the commands read their own words.
 */
final class ShellConverter implements Converter {
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (!(target instanceof Printable p)) {
            return null;
        }
        return level == Converter.INSPECT ? p.inspect() : p.line();
    }
}
