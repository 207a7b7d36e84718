package weir.callouts.logging;

import org.osgi.service.component.annotations.Component;

/** Placeholder until the callout SPI lands: an immediate component so the bundle shape is final. */
@Component(immediate = true, service = {})
public final class LoggingCallout {
}
