package weir.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Whether the framework cache that the last run left in the data folder may be loaded again instead of
 * installing every embedded bundle anew (copying ~8 MB out of weir.jar and extracting the jars inside them).
 *
 * <p>It may only when it holds exactly the bundles weir.jar carries, byte for byte: each of them once, under
 * its {@code weir:bundles/NAME.jar} location, in its first revision, its {@code bundle.jar} of the size and
 * CRC-32 that weir.jar's own directory gives for that entry; the folders owned by the user running Weir and
 * writable by nobody else (like the data folder's engine store: whoever can write there can change the
 * committed policy too, so CRC-32 guards against damage and a different weir.jar, not against that user).
 * Anything else — another weir.jar, a damaged or missing file, an updated bundle, a folder others can write,
 * a cache another Weir holds locked — and the cache is not used: the framework deletes it and installs
 * everything from weir.jar, as a first run does.
 *
 * <p>What a run leaves that is state, not code, is removed before the framework reads the cache, so that every
 * start begins as a first run does: bundles that did not come from weir.jar (FileInstall's from deploy/, or
 * installed in the shell: deploy/ is read again), every bundle's data area (ConfigAdmin's stored
 * configurations: etc/ is read again) but SCR's store of component descriptions, and the jars the framework
 * extracted from bundles (it extracts them again). Which bundles start is set again by the launcher (see
 * {@link Bundles}).
 *
 * <p>This relies on Felix's cache layout ({@code bundleN/bundle.info}, {@code bundleN/versionR.0/bundle.jar});
 * a layout it does not recognise is simply not reused.
 */
final class CachedBundles {
    /** Felix's names in its cache folder. */
    private static final String LOCK = "cache.lock";
    private static final String SYSTEM = "bundle0";
    private static final String PREFIX = "bundle";
    private static final String INFO = "bundle.info";
    private static final String DATA = "data";
    private static final String REVISION = "version0.0";
    private static final String REVISION_LOCATION = "revision.location";
    private static final String JAR = "bundle.jar";
    private static final String EXTRACTED = "bundle.jar-embedded";
    /** Kept in the system bundle's folder: the Java version the cache was used with (Felix re-resolves on a change). */
    private static final Set<String> SYSTEM_FILES = Set.of("last.java.version");
    /**
     * SCR's store of the component descriptions it read from the bundles' XML ({@code ds.cache.metadata}), kept
     * in SCR's data area: derived from code only, and SCR takes an entry only for the same bundle id and install
     * time, which a reused cache keeps for weir.jar's bundles (deploy/'s are installed anew: read again).
     */
    private static final String SCR = "weir:bundles/org.apache.felix.scr-";
    private static final String SCR_STORE = "componentMetadataStore";
    private static final int PERSISTENT_UNINSTALLED = 1;

    private CachedBundles() {
    }

    /** One bundle inside weir.jar: its location, and its size and CRC-32 from weir.jar's directory. */
    record Embedded(String location, long size, long crc) {
    }

    /**
     * Checks the cache folder as the class says and, when it can be used, removes what is state rather than
     * code. False (use a fresh cache) whenever anything is not as expected, including an I/O error.
     */
    static boolean reusable(Path cache, List<Embedded> embedded) {
        if (!Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(cache.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(); // the lock Felix takes: another Weir on the same data folder
            if (lock == null) {
                return false;
            }
            try {
                List<Path> remove = new ArrayList<>();
                if (!check(cache, embedded, remove)) {
                    return false;
                }
                for (Path p : remove) {
                    deleteTree(p);
                }
                return true;
            } finally {
                lock.release();
            }
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static boolean check(Path cache, List<Embedded> embedded, List<Path> remove) throws IOException {
        UserPrincipal me = cache.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        Path parent = cache.toAbsolutePath().getParent();
        if (!ownOnly(cache, me) || parent == null || !ownOnly(parent, me)) {
            return false;
        }
        Map<String, Embedded> wanted = new HashMap<>();
        for (Embedded e : embedded) {
            wanted.put(e.location(), e);
        }
        int found = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(cache)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.equals(LOCK)) {
                    continue;
                }
                if (name.equals(SYSTEM)) {
                    if (!system(child, me, remove)) {
                        return false;
                    }
                    continue;
                }
                if (!name.startsWith(PREFIX) || !digits(name.substring(PREFIX.length()))
                        || !ownOnly(child, me)) {
                    return false;
                }
                String[] info = info(child.resolve(INFO));
                if (info == null) {
                    return false;
                }
                Embedded e = wanted.remove(info[1]);
                if (e == null) {
                    if (info[1].startsWith("weir:")) {
                        return false; // twice, or a bundle this weir.jar does not carry
                    }
                    remove.add(child); // not from weir.jar: what deploy/ holds is installed again from there
                    continue;
                }
                if (!ours(child, info, e, me, remove)) {
                    return false;
                }
                found++;
            }
        }
        return found == embedded.size() && wanted.isEmpty();
    }

    /**
     * The system bundle's folder: its Java version is kept, anything else is state, the id counter too (without
     * it Felix counts on from weir.jar's bundles, so deploy/'s bundles get the ids they get in a first run).
     */
    private static boolean system(Path dir, UserPrincipal me, List<Path> remove) throws IOException {
        if (!ownOnly(dir, me)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!SYSTEM_FILES.contains(f.getFileName().toString())) {
                    remove.add(f);
                }
            }
        }
        return true;
    }

    /** One of weir.jar's bundles: its first revision only, and its jar exactly the embedded one. */
    private static boolean ours(Path dir, String[] info, Embedded e, UserPrincipal me, List<Path> remove)
            throws IOException {
        if (!"0".equals(info[5]) || Integer.parseInt(info[2]) == PERSISTENT_UNINSTALLED) {
            return false; // refreshed or updated (a new revision folder), or marked for removal
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals(DATA)) {
                    if (info[1].startsWith(SCR)) {
                        if (!keepOnly(f, SCR_STORE, me, remove)) {
                            return false;
                        }
                    } else {
                        remove.add(f);
                    }
                } else if (!name.equals(INFO) && !name.equals(REVISION)) {
                    return false;
                }
            }
        }
        Path revision = dir.resolve(REVISION);
        if (!ownOnly(revision, me)) {
            return false;
        }
        boolean jar = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(revision)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals(EXTRACTED)) {
                    remove.add(f);
                } else if (name.equals(JAR)) {
                    jar = true;
                } else if (!name.equals(REVISION_LOCATION)) {
                    return false;
                }
            }
        }
        return jar && sameBytes(revision.resolve(JAR), e, me);
    }

    /** In a bundle's data area, keeps one file (of this user, writable by nobody else); everything else goes. */
    private static boolean keepOnly(Path data, String keep, UserPrincipal me, List<Path> remove) throws IOException {
        if (!ownOnly(data, me)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(data)) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(keep)) {
                    remove.add(f);
                    continue;
                }
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || !a.owner().equals(me) || othersWrite(a)) {
                    remove.add(f);
                }
            }
        }
        return true;
    }

    /** A regular file of this user, writable by nobody else, whose size and CRC-32 are the embedded entry's. */
    private static boolean sameBytes(Path file, Embedded e, UserPrincipal me) throws IOException {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || !a.owner().equals(me) || othersWrite(a) || a.size() != e.size()) {
            return false;
        }
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue() == e.crc();
    }

    /** Felix's bundle.info: id, location, persistent state, start level, last modified, refresh count. */
    private static String[] info(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 6) {
            return null;
        }
        String[] info = lines.subList(0, 6).toArray(new String[0]);
        for (int i : new int[] {0, 2, 3, 4, 5}) {
            if (!digits(info[i])) {
                return null;
            }
        }
        return info;
    }

    /** A folder (not a link) of this user that nobody else can write. */
    private static boolean ownOnly(Path dir, UserPrincipal me) throws IOException {
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isDirectory() && a.owner().equals(me) && !othersWrite(a);
    }

    private static boolean othersWrite(PosixFileAttributes a) {
        Set<PosixFilePermission> p = a.permissions();
        return p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean digits(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Deletes a file or a folder with everything in it; links are removed, never followed. */
    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
