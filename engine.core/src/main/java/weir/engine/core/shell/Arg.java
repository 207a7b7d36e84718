package weir.engine.core.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a command's argument or option value is called in its usage line ({@code LAYER}, {@code ID|KEY}) and
 * what tab completion offers for it. Gogo's {@code @Parameter} has no such name, and Java keeps no
 * parameter names at run time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface Arg {
    /** The name in the usage line. */
    String value();

    /** What completes it. */
    Completion complete() default Completion.NONE;
}
