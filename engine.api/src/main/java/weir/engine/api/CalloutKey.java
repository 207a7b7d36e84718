package weir.engine.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Makes a Declarative Services component a whiteboard callout in one line: put it next to
 * {@code @Component(service = Callout.class)} and the component's service gets the property
 * {@code callout.key} ({@link CalloutRegistry#CALLOUT_KEY}) with this GUID, which filters name in their
 * CALLOUT_* action. The engine registers the callout when the service appears and unregisters it when it goes.
 *
 * <pre>
 * &#64;Component(service = Callout.class)
 * &#64;CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01")
 * public final class MyCallout implements Callout { ... }
 * </pre>
 *
 * <p>Only the build (bnd) reads it: it is not kept in the class file at run time, so it adds no import.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CalloutKey {
    /** The callout key, a GUID such as {@code 7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01}. */
    String value();
}
