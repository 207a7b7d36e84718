package weir.guard.folder;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import weir.guard.report.Console;

/**
 * Keeps FileInstall reading deploy/ and etc/ only while both are safe. Every poll period it checks both
 * folders: when one becomes unsafe it says so once, in one line, and pauses FileInstall (stops its bundle, so
 * it installs, updates and removes nothing); when all are safe again it says so and lets FileInstall start
 * again, which then reads both folders afresh (FileInstall's own restart: new files installed, changed ones
 * updated, removed ones uninstalled). It installs nothing itself.
 *
 * <p>Between a change of permissions and the next check, the gates ({@code weir.guard.install}) check the
 * folder themselves for each file FileInstall offers them and hold it back; a held file asks for that fresh
 * read ({@link #rescan()}) once the folders are safe.
 */
public final class FolderGuard implements Runnable {
    /** Starting and stopping FileInstall; called on the guard's thread only. */
    public interface Switch {
        void start() throws Exception;

        void stop() throws Exception;
    }

    private final List<FolderCheck> folders;
    private final String[] problems;
    private final long periodMillis;
    private final Switch fileInstall;
    private final Console console;
    private final AtomicBoolean rescan = new AtomicBoolean();
    /** The guard's thread waits on this between rounds; never interrupted, since it may be stopping a bundle. */
    private final Object tick = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused = true;

    public FolderGuard(List<FolderCheck> folders, long periodMillis, Switch fileInstall, Console console) {
        this.folders = List.copyOf(folders);
        this.problems = new String[folders.size()];
        this.periodMillis = periodMillis;
        this.fileInstall = fileInstall;
        this.console = console;
        this.thread = new Thread(this, "weir-folder-guard");
        thread.setDaemon(true);
    }

    /**
     * Checks the folders and starts FileInstall if they are safe, on the caller's thread (so that deploy/ is
     * read before Weir's start completes), then keeps watching on a thread of its own.
     */
    public void start() {
        checkOnce();
        thread.start();
    }

    /** Stops watching, then stops FileInstall: nothing is read from the folders once the guard is gone. */
    public void stop() {
        running = false;
        synchronized (tick) {
            tick.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!paused) {
            try {
                fileInstall.stop();
            } catch (Exception e) {
                // Weir is stopping: FileInstall goes with it
            }
            paused = true;
        }
    }

    /** True while FileInstall is paused (an unsafe folder, or not started yet). */
    public boolean paused() {
        return paused;
    }

    /** The problem of the named folder as last checked, or null when it was safe. */
    public String problem(String name) {
        for (int i = 0; i < folders.size(); i++) {
            if (folders.get(i).name().equals(name)) {
                return problems[i];
            }
        }
        return null;
    }

    /** A gate held a file back: have FileInstall read the folders afresh once they are safe. */
    public void rescan() {
        rescan.set(true);
        synchronized (tick) {
            tick.notifyAll(); // check now rather than at the end of the period
        }
    }

    @Override
    public void run() {
        while (running) {
            synchronized (tick) {
                try {
                    tick.wait(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (running) {
                checkOnce();
            }
        }
    }

    /** One round: report changes, then pause or resume FileInstall to match. */
    synchronized void checkOnce() {
        boolean unsafe = false;
        for (int i = 0; i < folders.size(); i++) {
            FolderCheck f = folders.get(i);
            String now = f.problem();
            String before = problems[i];
            problems[i] = now;
            if (now != null && before == null) {
                console.say(f + " " + now + ": nothing in deploy/ or etc/ is installed, updated or removed until"
                        + " it is fixed (" + f.fix(now) + ")");
            } else if (now == null && before != null) {
                console.say(f + " is safe again: reading deploy/ and etc/ again");
            }
            unsafe |= now != null;
        }
        if (unsafe) {
            if (!paused) {
                switchFileInstall(false);
            }
            return;
        }
        boolean again = rescan.getAndSet(false);
        if (paused) {
            switchFileInstall(true);
        } else if (again) {
            switchFileInstall(false);
            switchFileInstall(true);
        }
    }

    private void switchFileInstall(boolean on) {
        try {
            if (on) {
                fileInstall.start();
                paused = false;
            } else {
                paused = true; // before stopping: the gates hold back whatever FileInstall offers meanwhile
                fileInstall.stop();
            }
        } catch (Exception e) {
            console.sayOnce("fileinstall-" + on + "-" + Console.describe(e), "cannot " + (on ? "start" : "pause")
                    + " FileInstall: " + Console.describe(e));
        }
    }
}
