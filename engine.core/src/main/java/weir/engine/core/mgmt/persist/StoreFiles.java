package weir.engine.core.mgmt.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Reading the store's files at start: each read never throws, it says what is wrong instead. */
final class StoreFiles {
    private StoreFiles() {
    }

    /** A snapshot file: its objects, or what is wrong with it (its bytes when it could be read), or absent. */
    record Snapshot(PersistentObjects objects, String problem, byte[] bytes, boolean legacy) {
        boolean absent() {
            return objects == null && problem == null;
        }

        /** The transaction number its header claims, even when the rest is damaged; -1 when unknown. */
        long claimedSequence() {
            if (objects != null) {
                return objects.sequence();
            }
            if (bytes == null) {
                return -1;
            }
            int nl = 0;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            String[] head = new String(bytes, 0, nl, StandardCharsets.UTF_8).split("\t");
            try {
                return head.length == 4 && head[0].equals(StoreCodec.MAGIC) ? Long.parseLong(head[3]) : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** A journal file: what it reads as, or what is wrong with it as a whole, or absent. */
    record JournalFile(JournalCodec.Scan scan, String problem, byte[] bytes) {
        boolean absent() {
            return scan == null && problem == null;
        }
    }

    static Snapshot snapshot(Path file) {
        String problem = kind(file);
        if (problem != null) {
            return new Snapshot(null, problem.isEmpty() ? null : problem, null, false);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Snapshot(null, "cannot be read (" + e.getMessage() + ")", null, false);
        }
        try {
            PersistentObjects o = StoreCodec.decode(bytes);
            return new Snapshot(o, null, bytes, startsWith(bytes, StoreCodec.MAGIC + "\t1\t"));
        } catch (StoreFormatException e) {
            return new Snapshot(null, "is damaged (" + e.getMessage() + ")", bytes, false);
        }
    }

    static JournalFile journal(Path file) {
        String problem = kind(file);
        if (problem != null) {
            return new JournalFile(null, problem.isEmpty() ? null : problem, null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new JournalFile(null, "cannot be read (" + e.getMessage() + ")", null);
        }
        try {
            return new JournalFile(JournalCodec.scan(bytes), null, bytes);
        } catch (StoreFormatException e) {
            return new JournalFile(null, "is damaged (" + e.getMessage() + ")", bytes);
        }
    }

    /** "" when the file is absent, a problem when it is not a regular file, null when it can be read. */
    private static String kind(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return "is a folder, not a file";
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "is not a regular file";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
