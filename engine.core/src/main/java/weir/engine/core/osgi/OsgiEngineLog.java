package weir.engine.core.osgi;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import weir.engine.core.mgmt.EngineLog;

/** The engine's lines through the OSGi Log Service when one is there, through the JDK's logger otherwise. */
final class OsgiEngineLog implements EngineLog {
    private final Logger logger;
    private final EngineLog fallback = EngineLog.system();

    OsgiEngineLog(LoggerFactory factory) {
        this.logger = factory == null ? null : factory.getLogger("weir.engine");
    }

    @Override
    public void warn(String line) {
        if (logger != null) {
            logger.warn(line);
        } else {
            fallback.warn(line);
        }
    }

    @Override
    public void info(String line) {
        if (logger != null) {
            logger.info(line);
        } else {
            fallback.info(line);
        }
    }
}
