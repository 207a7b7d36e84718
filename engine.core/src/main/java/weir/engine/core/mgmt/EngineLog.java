package weir.engine.core.mgmt;

/**
 * Where the engine's one-line notices go: the OSGi log inside a framework, a list in tests, the JDK's
 * {@link System.Logger} otherwise. Every line is complete on its own (it names the object and the fix), so
 * that an operator can act on it without reading a stack trace.
 */
public interface EngineLog {

    /** Something the user should look at: a weight tie (D4), a damaged store, a dropped notification. */
    void warn(String line);

    /** Something worth knowing that needs no action. */
    void info(String line);

    /** The JDK's platform logger, for engines built outside a framework. */
    static EngineLog system() {
        System.Logger logger = System.getLogger("weir.engine");
        return new EngineLog() {
            @Override
            public void warn(String line) {
                logger.log(System.Logger.Level.WARNING, line);
            }

            @Override
            public void info(String line) {
                logger.log(System.Logger.Level.INFO, line);
            }
        };
    }
}
