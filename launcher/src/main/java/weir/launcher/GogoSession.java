package weir.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A session of Gogo's real command processor, for {@code -c} and piped input. The Gogo API lives in the
 * gogo.runtime bundle, not on the launcher's class path, so it is called reflectively; the methods are
 * {@code CommandProcessor.createSession}, {@code CommandSession.execute}, {@code format}, {@code put} and
 * {@code close}.
 */
final class GogoSession implements AutoCloseable {
    /** Gogo's {@code Converter.INSPECT}: the full, multi-line form of a command's result. */
    private static final int INSPECT = 0;

    private final BundleContext context;
    private final ServiceReference<?> ref;
    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method put;
    private final Method get;

    private GogoSession(BundleContext context, ServiceReference<?> ref, Object session) throws NoSuchMethodException {
        this.context = context;
        this.ref = ref;
        this.session = session;
        Class<?> type = session.getClass();
        this.execute = type.getMethod("execute", CharSequence.class);
        this.format = type.getMethod("format", Object.class, int.class);
        this.put = type.getMethod("put", String.class, Object.class);
        this.get = type.getMethod("get", String.class);
    }

    /** A session reading {@code in} and writing {@code out} and {@code err}; fails with one line. */
    static GogoSession open(BundleContext context, InputStream in, PrintStream out, PrintStream err)
            throws Folders.StartException {
        ServiceReference<?> ref = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        if (ref == null) {
            throw new Folders.StartException("the Gogo command processor is not running");
        }
        Object processor = context.getService(ref);
        try {
            Method create = processor.getClass().getMethod("createSession", InputStream.class, OutputStream.class,
                    OutputStream.class);
            GogoSession s = new GogoSession(context, ref, create.invoke(processor, in, out, err));
            // as the shell at a terminal: Gogo's own commands first (its profile sets the same)
            s.put("SCOPE", "gogo:*");
            return s;
        } catch (ReflectiveOperationException | RuntimeException e) {
            context.ungetService(ref);
            throw new Folders.StartException("cannot open a Gogo session: " + Main.oneLine(e));
        }
    }

    /** Runs a command line; its failure is thrown as it is (unwrapped). */
    Object execute(String line) throws Exception {
        try {
            return execute.invoke(session, line);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    /**
     * False when Gogo's parser needs more text: a {@code {} block or a quote is open (its {@code EOFError}, on
     * which Gogo's shell reads another line). Anything else, errors included, is for {@link #execute} to say.
     */
    boolean complete(String text) {
        try {
            Class<?> parser = session.getClass().getClassLoader().loadClass("org.apache.felix.gogo.runtime.Parser");
            Object p = parser.getConstructor(CharSequence.class).newInstance(text);
            parser.getMethod("program").invoke(p);
            return true;
        } catch (InvocationTargetException e) {
            return !e.getCause().getClass().getSimpleName().equals("EOFError");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** A result as the shell prints it. */
    String format(Object result) throws ReflectiveOperationException {
        return String.valueOf(format.invoke(session, result, INSPECT));
    }

    void put(String name, Object value) throws ReflectiveOperationException {
        put.invoke(session, name, value);
    }

    Object get(String name) throws ReflectiveOperationException {
        return get.invoke(session, name);
    }

    @Override
    public void close() {
        try {
            session.getClass().getMethod("close").invoke(session);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // closing is best effort
        } finally {
            try {
                context.ungetService(ref);
            } catch (RuntimeException e) {
                // the framework is stopping
            }
        }
    }
}
