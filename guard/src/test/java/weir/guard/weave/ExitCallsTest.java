package weir.guard.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.guard.woven.ExitRefusal;
import weir.guard.woven.ExitRefusedException;

/**
 * The weaver on classes javac made: every way to call System.exit, Runtime.exit and Runtime.halt that the
 * class file names becomes a refusal, counted for the bundle; everything else stays as it was. (Were a call
 * left as it was, this test's JVM would end: the run fails all the same.)
 */
class ExitCallsTest {
    private static final String EXITS = """
            package t;
            import java.util.function.IntConsumer;
            import java.util.function.ObjIntConsumer;
            public final class Exits {
                public static void direct() { System.exit(42); }
                public static void runtimeExit() { Runtime.getRuntime().exit(43); }
                public static void runtimeHalt() { Runtime.getRuntime().halt(44); }
                public static void reference() { IntConsumer c = System::exit; c.accept(45); }
                public static void bound() { IntConsumer c = Runtime.getRuntime()::halt; c.accept(46); }
                public static void unbound() { ObjIntConsumer<Runtime> c = Runtime::exit; c.accept(Runtime.getRuntime(), 47); }
                public static void lambda() { Runnable r = () -> System.exit(48); r.run(); }
                public static String untouched() { return "exit halt java/lang/System java/lang/Runtime"; }
            }
            """;
    private static final String IN_INTERFACE = """
            package t;
            import java.util.function.IntConsumer;
            public interface Quits {
                static void now() { IntConsumer c = System::exit; c.accept(49); }
                default void later() { System.exit(50); }
            }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"direct, System.exit(42)", "runtimeExit, Runtime.exit(43)", "runtimeHalt, Runtime.halt(44)",
        "reference, System.exit(45)", "bound, Runtime.halt(46)", "unbound, Runtime.exit(47)",
        "lambda, System.exit(48)"})
    void everyFormIsRefusedAndCounted(String method, String call) throws Exception {
        long bundle = 1000 + method.hashCode() & 0xFFFF;
        Class<?> c = weave(compile("17", Map.of("t.Exits", EXITS)), bundle).loadClass("t.Exits");
        ExitRefusedException e = refusal(c.getMethod(method), null);
        assertEquals(call, e.call());
        assertTrue(e.getMessage().startsWith(call + " refused: bundle " + bundle + " is deployed into Weir"), e.getMessage());
        assertEquals(1, ExitRefusal.attempts(bundle));
        assertTrue(ExitRefusal.lastAttempt(bundle).startsWith(call + " in t.Exits"), ExitRefusal.lastAttempt(bundle));
        refusal(c.getMethod(method), null);
        assertEquals(2, ExitRefusal.attempts(bundle));
    }

    @Test
    void theSiteNamesClassMethodAndLine() throws Exception {
        Class<?> c = weave(compile("17", Map.of("t.Exits", EXITS)), 77).loadClass("t.Exits");
        refusal(c.getMethod("direct"), null);
        assertEquals("System.exit(42) in t.Exits.direct:5", ExitRefusal.lastAttempt(77));
    }

    @Test
    void aClassWithoutExitCallsIsLeftAlone() throws Exception {
        Map<String, byte[]> classes = compile("17", Map.of("t.Plain", """
                package t;
                public final class Plain {
                    public static int exit(int x) { return x + 1; }
                    public static String halt() { return "java/lang/System"; }
                    public static int call() { return exit(1); }
                }
                """));
        assertNull(ExitCalls.rewrite(classes.get("t.Plain"), 1), "nothing to change");
        assertFalse(ExitCalls.mayCall("no such names here".getBytes()));
    }

    @ParameterizedTest
    @CsvSource({"17, private", "8, public"})
    void interfacesGetABridgeTheirVersionAllows(String release, String access) throws Exception {
        Map<String, byte[]> classes = compile(release, Map.of("t.Quits", IN_INTERFACE));
        ClassLoader loader = weave(classes, 88);
        Class<?> quits = loader.loadClass("t.Quits");
        Method bridge = quits.getDeclaredMethod("weir$systemExit", int.class);
        assertEquals(access.equals("private"), Modifier.isPrivate(bridge.getModifiers()), bridge.toString());
        assertEquals("System.exit(49)", refusal(quits.getMethod("now"), null).call());
        Object instance = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {quits},
                (p, m, a) -> java.lang.reflect.InvocationHandler.invokeDefault(p, m, a));
        assertEquals("System.exit(50)", refusal(quits.getMethod("later"), instance).call());
    }

    @Test
    void warmUpWeavesItsOwnClass() {
        ExitWeaver.warmUp();
    }

    private static ExitRefusedException refusal(Method m, Object target) throws IllegalAccessException {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(target));
        Throwable cause = e.getCause();
        if (cause instanceof java.lang.reflect.UndeclaredThrowableException u) {
            cause = u.getCause();
        }
        assertNotNull(cause);
        if (!(cause instanceof ExitRefusedException refused)) {
            throw new AssertionError("not refused: " + cause, cause);
        }
        return refused;
    }

    /** A loader that defines the woven classes and finds everything else (ExitRefusal) in the test's loader. */
    private static ClassLoader weave(Map<String, byte[]> classes, long bundleId) {
        Map<String, byte[]> woven = new HashMap<>();
        classes.forEach((name, bytes) -> {
            byte[] w = ExitCalls.rewrite(bytes, bundleId);
            woven.put(name, w == null ? bytes : w);
        });
        return new ClassLoader(ExitCallsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = woven.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    private Map<String, byte[]> compile(String release, Map<String, String> sources) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path out = Files.createTempDirectory(dir, "classes");
        List<java.io.File> files = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        List<String> options = List.of("--release", release, "-Xlint:-options", "-d", out.toString());
        boolean ok = javac.getTask(log, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(files.toArray(new java.io.File[0])))
                .call();
        assertTrue(ok, log.toString());
        Map<String, byte[]> classes = new HashMap<>();
        try (var walk = Files.walk(out)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = out.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.put(name, Files.readAllBytes(p));
            }
        }
        return classes;
    }
}
