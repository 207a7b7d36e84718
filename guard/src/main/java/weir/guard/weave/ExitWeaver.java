package weir.guard.weave;

import java.util.Set;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import weir.guard.report.Console;

/**
 * Weir's weaving hook: every class of a bundle that is not one of weir.jar's own (so every bundle from
 * deploy/, and whatever those install) has its exit calls rewritten by {@link ExitCalls} before it is
 * defined, and gets a dynamic import of the package the rewritten calls go to. A class that cannot be read
 * is not defined at all (fail closed) and the bundle's file is named on the console once.
 */
public final class ExitWeaver implements WeavingHook {
    private final Set<Long> own;
    private final String importClause;
    private final Console console;

    /**
     * @param own          the ids of weir.jar's own bundles (installed before any deployed one)
     * @param guardVersion this bundle's version: woven classes import the trap from this bundle only
     */
    public ExitWeaver(Set<Long> own, Version guardVersion, Console console) {
        this.own = Set.copyOf(own);
        this.importClause = "weir.guard.woven;bundle-symbolic-name=weir.guard;bundle-version=\"[" + guardVersion
                + "," + guardVersion + "]\"";
        this.console = console;
    }

    @Override
    public void weave(WovenClass wovenClass) {
        BundleWiring wiring = wovenClass.getBundleWiring();
        Bundle bundle = wiring.getBundle();
        if (!contained(bundle, wiring)) {
            return;
        }
        byte[] woven;
        try {
            woven = ExitCalls.rewrite(wovenClass.getBytes(), bundle.getBundleId());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // a WeavingException: the framework fails this class's definition but keeps calling the hook
            console.sayOnce("weave:" + bundle.getBundleId() + ":" + bundle.getLastModified(), bundle.getLocation()
                    + ": class " + wovenClass.getClassName() + " cannot be checked for System.exit ("
                    + Console.describe(e) + "): not loaded");
            throw new WeavingException("cannot check " + wovenClass.getClassName() + " for System.exit calls", e);
        }
        if (woven != null) {
            wovenClass.setBytes(woven);
            wovenClass.getDynamicImports().add(importClause);
        }
    }

    /** Not one of weir.jar's own bundles, or one of them with a fragment that is not. */
    private boolean contained(Bundle bundle, BundleWiring wiring) {
        if (!own.contains(bundle.getBundleId())) {
            return true;
        }
        for (BundleWire w : wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
            if (!own.contains(w.getRequirer().getBundle().getBundleId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Loads every ASM class the weaver uses, by weaving a small class made here: the first real weaving then
     * happens inside a class definition and must not have to load the weaver's own classes there.
     */
    public static void warmUp() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "weir/guard/weave/WarmUp", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        if (ExitCalls.rewrite(w.toByteArray(), 0) == null) {
            throw new IllegalStateException("the exit weaver does not rewrite System.exit");
        }
    }
}
