package weir.guard.weave;

import java.nio.charset.StandardCharsets;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class's calls that would end the JVM into calls of {@code weir.guard.woven.ExitRefusal}:
 * {@code System.exit(int)}, {@code Runtime.exit(int)} and {@code Runtime.halt(int)}, whether called directly
 * or through a method reference or method handle constant ({@code System::exit}). The replacement takes the
 * same arguments plus the bundle's id and the call site, and throws; the stack and the frames around it stay
 * as they were, so only the maximum stack size is computed again. Reflection ({@code Method.invoke}) and
 * method handles looked up at run time are not rewritten: the launcher reports an exit that slips through.
 */
public final class ExitCalls {
    static final String TRAP = "weir/guard/woven/ExitRefusal";
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String EXIT_DESC = "(I)V";
    private static final String TRAP_SYSTEM = "(IJLjava/lang/String;)V";
    private static final String TRAP_RUNTIME = "(Ljava/lang/Runtime;IJLjava/lang/String;)V";
    private static final byte[][] MARKERS = {bytes(SYSTEM), bytes(RUNTIME)};
    private static final byte[][] NAMES = {bytes("exit"), bytes("halt")};

    private ExitCalls() {
    }

    /** The rewritten class, or null when it makes no such call (most classes: they are left untouched). */
    public static byte[] rewrite(byte[] classFile, long bundleId) {
        if (!mayCall(classFile)) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Rewriter rewriter = new Rewriter(writer, bundleId);
        reader.accept(rewriter, 0);
        return rewriter.changed ? writer.toByteArray() : null;
    }

    /** A cheap look at the constant pool's bytes: no such call without these names. */
    static boolean mayCall(byte[] classFile) {
        boolean owner = false;
        for (byte[] m : MARKERS) {
            owner |= indexOf(classFile, m) >= 0;
        }
        if (!owner) {
            return false;
        }
        for (byte[] n : NAMES) {
            if (indexOf(classFile, n) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Which of the three calls an owner/name/descriptor is, or null. */
    static String kind(String owner, String name, String desc) {
        if (!EXIT_DESC.equals(desc)) {
            return null;
        }
        if (SYSTEM.equals(owner) && "exit".equals(name)) {
            return "systemExit";
        }
        if (RUNTIME.equals(owner) && "exit".equals(name)) {
            return "runtimeExit";
        }
        if (RUNTIME.equals(owner) && "halt".equals(name)) {
            return "runtimeHalt";
        }
        return null;
    }

    private static final class Rewriter extends ClassVisitor {
        private final long bundleId;
        private String className;
        private boolean isInterface;
        private int version;
        boolean changed;
        /** The synthetic methods that method references were redirected to, to be added at the end. */
        private boolean systemBridge;
        private boolean runtimeExitBridge;
        private boolean runtimeHaltBridge;

        Rewriter(ClassVisitor next, long bundleId) {
            super(Opcodes.ASM9, next);
            this.bundleId = bundleId;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.className = name;
            this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            this.version = version & 0xFFFF;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            return new CallRewriter(mv, name);
        }

        @Override
        public void visitEnd() {
            if (systemBridge) {
                bridge("weir$systemExit", "(I)V", "systemExit", TRAP_SYSTEM, false);
            }
            if (runtimeExitBridge) {
                bridge("weir$runtimeExit", "(Ljava/lang/Runtime;I)V", "runtimeExit", TRAP_RUNTIME, true);
            }
            if (runtimeHaltBridge) {
                bridge("weir$runtimeHalt", "(Ljava/lang/Runtime;I)V", "runtimeHalt", TRAP_RUNTIME, true);
            }
            super.visitEnd();
        }

        /** A static method a method reference can point to instead of the JDK's: it calls the trap. */
        private void bridge(String name, String desc, String trap, String trapDesc, boolean receiver) {
            int access = Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC
                    | (isInterface && version < Opcodes.V9 ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE);
            MethodVisitor mv = super.visitMethod(access, name, desc, null, null);
            mv.visitCode();
            int slot = 0;
            if (receiver) {
                mv.visitVarInsn(Opcodes.ALOAD, slot++);
            }
            mv.visitVarInsn(Opcodes.ILOAD, slot);
            mv.visitLdcInsn(bundleId);
            mv.visitLdcInsn(className.replace('/', '.') + " (method reference)");
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, trap, trapDesc, false);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        /** A handle to the JDK's exit replaced by one to this class's bridge, or the handle itself. */
        private Object redirect(Object constant) {
            if (!(constant instanceof Handle h)) {
                return constant;
            }
            String kind = kind(h.getOwner(), h.getName(), h.getDesc());
            // an interface of a class file older than Java 8 cannot hold the static bridge (nor a lambda)
            if (kind == null || isInterface && version < Opcodes.V1_8) {
                return constant;
            }
            changed = true;
            switch (kind) {
                case "systemExit" -> {
                    systemBridge = true;
                    return new Handle(Opcodes.H_INVOKESTATIC, className, "weir$systemExit", "(I)V", isInterface);
                }
                case "runtimeExit" -> {
                    runtimeExitBridge = true;
                    return new Handle(Opcodes.H_INVOKESTATIC, className, "weir$runtimeExit",
                            "(Ljava/lang/Runtime;I)V", isInterface);
                }
                default -> {
                    runtimeHaltBridge = true;
                    return new Handle(Opcodes.H_INVOKESTATIC, className, "weir$runtimeHalt",
                            "(Ljava/lang/Runtime;I)V", isInterface);
                }
            }
        }

        private final class CallRewriter extends MethodVisitor {
            private final String method;
            private int line;

            CallRewriter(MethodVisitor next, String method) {
                super(Opcodes.ASM9, next);
                this.method = method;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
                super.visitLineNumber(line, start);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                String kind = kind(owner, name, descriptor);
                boolean matches = kind != null && (opcode == Opcodes.INVOKESTATIC) == kind.equals("systemExit")
                        && (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL);
                if (!matches) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                    return;
                }
                changed = true;
                // the operands are on the stack already (status, or runtime and status): add id and site
                super.visitLdcInsn(bundleId);
                super.visitLdcInsn(className.replace('/', '.') + "." + method + (line > 0 ? ":" + line : ""));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, kind,
                        kind.equals("systemExit") ? TRAP_SYSTEM : TRAP_RUNTIME, false);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
                Object[] redirected = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    redirected[i] = redirect(args[i]);
                }
                super.visitInvokeDynamicInsn(name, descriptor, bootstrap, redirected);
            }

            @Override
            public void visitLdcInsn(Object value) {
                super.visitLdcInsn(redirect(value));
            }
        }
    }
}
