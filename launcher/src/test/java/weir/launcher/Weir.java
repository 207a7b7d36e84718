package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real {@code java -jar weir.jar} process for an end-to-end test, started in the test's own working
 * directory. Standard output and error are collected as they arrive; standard input is a pipe the test
 * writes shell commands to. Always {@link #close() close} it: that kills the process if it still runs.
 */
final class Weir implements AutoCloseable {
    /** Generous limits for a loaded two-core machine; a healthy start takes about 1 s. */
    static final Duration START = Duration.ofSeconds(60);
    static final Duration EXIT = Duration.ofSeconds(60);

    private final Process process;
    private final Buffer out = new Buffer();
    private final Buffer err = new Buffer();
    private final Writer stdin;
    private int marks;

    private Weir(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(process.getInputStream(), out, "weir-stdout");
        pump(process.getErrorStream(), err, "weir-stderr");
    }

    /** The weir.jar under test: failsafe passes its path; from an IDE, the module's target/weir.jar. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("weir.jar", "target/weir.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it with mvn package first");
        return jar;
    }

    /** The java launcher of the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts Weir with the running JVM's java, stdin a pipe the test controls. */
    static Weir start(Path workDir, String... args) throws IOException {
        return start(java(), workDir, args);
    }

    static Weir start(String java, Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        return new Weir(pb.start());
    }

    /** Starts a command that runs Weir itself (e.g. under {@code script}, for a terminal); stdin a pipe. */
    static Weir startProcess(Path workDir, List<String> command) throws IOException {
        return new Weir(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    /** Runs Weir to completion with standard input at end of file, e.g. for {@code -c} or {@code --help}. */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(java(), workDir, args);
    }

    static Result run(String java, Path workDir, String... args) throws IOException, InterruptedException {
        try (Weir weir = start(java, workDir, args)) {
            weir.closeStdin();
            return weir.awaitExit(EXIT);
        }
    }

    Process process() {
        return process;
    }

    /** Writes keys as they are (no newline): what a user types at a terminal, e.g. a TAB. */
    void type(String keys) throws IOException {
        stdin.write(keys);
        stdin.flush();
    }

    /** Writes one line to Weir's shell. */
    void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** End of input: the shell stops the framework. */
    void closeStdin() throws IOException {
        stdin.close();
    }

    /**
     * Runs one shell command and returns exactly its output. The command is framed by two {@code echo}
     * markers, so the answer is whatever the shell printed between them.
     */
    String query(String command) throws IOException {
        int n = ++marks;
        String begin = "weir-it-begin-" + n;
        String end = "weir-it-end-" + n;
        send("echo " + begin);
        send(command);
        send("echo " + end);
        // The marker lines may carry the shell's prompt ("g! ") in front; never match the command's echo.
        Pattern endLine = Pattern.compile("(?m)^(?:g! )*" + end + "\\s*$");
        String text = out.await(endLine, START, this);
        Matcher b = Pattern.compile("(?m)^(?:g! )*" + begin + "\\s*$").matcher(text);
        Matcher e = endLine.matcher(text);
        if (!b.find() || !e.find(b.end())) {
            fail("no output frame for '" + command + "' in:\n" + text);
        }
        return text.substring(b.end(), e.start()).replace("g! ", "");
    }

    /** Waits until standard output matches, and returns all of it. */
    String awaitOut(Pattern pattern, Duration timeout) {
        return out.await(pattern, timeout, this);
    }

    /** Waits until standard error matches, and returns all of it. */
    String awaitErr(Pattern pattern, Duration timeout) {
        return err.await(pattern, timeout, this);
    }

    /** Waits for the process to end; the test fails if it does not within the timeout. */
    Result awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("Weir did not exit within " + timeout.toSeconds() + " s\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        // The pumps finish when the process's pipes close, just after it exits.
        out.awaitClosed();
        err.awaitClosed();
        return new Result(process.exitValue(), out.toString(), err.toString());
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(InputStream in, Buffer buffer, String name) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] chunk = new char[8192];
                int n;
                while ((n = r.read(chunk)) >= 0) {
                    buffer.append(chunk, n);
                }
            } catch (IOException e) {
                // the process went away
            } finally {
                buffer.close();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** What a finished run printed and returned. */
    record Result(int exit, String out, String err) {
        /**
         * Standard error without the JDK's own notice about Felix's use of sun.misc.Unsafe (JDK 24+), which
         * Weir cannot switch off from inside the jar.
         */
        List<String> errLines() {
            List<String> lines = new ArrayList<>();
            int jdkNotice = 0;
            for (String line : err.split("\\R")) {
                if (line.startsWith("WARNING: A terminally deprecated method in sun.misc.Unsafe")) {
                    jdkNotice = 4; // the JDK's notice is this line and three more "WARNING:" lines
                }
                if (jdkNotice > 0 && line.startsWith("WARNING:")) {
                    jdkNotice--;
                    continue;
                }
                jdkNotice = 0;
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    /** Text that grows as a process writes it, with waiting for a pattern. */
    private static final class Buffer {
        private final StringBuilder text = new StringBuilder();
        private boolean closed;

        synchronized void append(char[] chunk, int n) {
            text.append(chunk, 0, n);
            notifyAll();
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized void awaitClosed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!closed && System.nanoTime() < deadline) {
                wait(100);
            }
        }

        synchronized String await(Pattern pattern, Duration timeout, Weir weir) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pattern.matcher(text).find()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    fail("Weir's output never matched " + pattern + (closed ? " (the process ended)" : "")
                            + "\nstdout:\n" + weir.out() + "\nstderr:\n" + weir.err());
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
            return text.toString();
        }

        @Override
        public synchronized String toString() {
            return text.toString();
        }
    }
}
