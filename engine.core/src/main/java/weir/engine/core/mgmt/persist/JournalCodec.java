package weir.engine.core.mgmt.persist;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's format: UTF-8 text, a header line, then one record per committed transaction that changed
 * persistent objects, appended with one write and one fsync.
 *
 * <pre>
 * weir-engine-journal	1	41	snapshot               the header: the last transaction before its first record, and
 *                                                   whether a snapshot holds those ("nothing": this journal is the
 *                                                   store's whole history since transaction 0)
 * txn	42	187	5f0c2a91                          a record: its transaction, its body's length in bytes, and the
 * add	filter	key=…	name=…	…                 CRC-32 of "txn	42	187"; then the body, one change a line
 * delete	filter	6f1e…                          (add: the object's store line; delete: kind and key),
 * crc32	0b7d33e4                                 then the CRC-32 of the body
 * </pre>
 *
 * A record that the file ends inside (its header line unfinished, or fewer bytes than its header announces)
 * can only be the last write of a process that died while writing it: a commit that never returned. Anything
 * else that does not read — a complete header or body whose checksum is wrong, a transaction number out of
 * sequence, bytes that are not a record — is damage. The header's own checksum is what tells the two apart:
 * a damaged length can never pass for a record cut short.
 */
final class JournalCodec {
    static final String MAGIC = "weir-engine-journal";
    static final int VERSION = 1;
    /** {@code crc32\t} + 8 hex digits + newline. */
    private static final int TRAILER = 15;

    private JournalCodec() {
    }

    static final String FOLLOWS_SNAPSHOT = "snapshot";
    static final String FOLLOWS_NOTHING = "nothing";

    /**
     * The first line of a journal whose first record is transaction {@code base + 1}; {@code followsSnapshot}
     * says that {@code store.txt} holds transactions up to {@code base} (otherwise base is 0 and there is none to
     * hold: a store that has never been compacted).
     */
    static byte[] header(long base, boolean followsSnapshot) {
        return (MAGIC + "\t" + VERSION + "\t" + base + "\t" + (followsSnapshot ? FOLLOWS_SNAPSHOT : FOLLOWS_NOTHING)
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The record of transaction {@code sequence}. */
    static byte[] record(long sequence, List<StoreChange> changes) {
        StringBuilder body = new StringBuilder(256 * changes.size());
        for (StoreChange c : changes) {
            if (c.added() != null) {
                body.append("add\t");
                StoreCodec.object(body, c.added());
            } else {
                body.append("delete\t").append(c.kind()).append('\t').append(c.key()).append('\n');
            }
        }
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        String head = "txn\t" + sequence + "\t" + b.length;
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] h2 = String.format("%s\t%08x\n", head, StoreCodec.crc(h, h.length)).getBytes(StandardCharsets.US_ASCII);
        byte[] t = String.format("crc32\t%08x\n", StoreCodec.crc(b, b.length)).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h2.length + b.length + t.length];
        System.arraycopy(h2, 0, out, 0, h2.length);
        System.arraycopy(b, 0, out, h2.length, b.length);
        System.arraycopy(t, 0, out, h2.length + b.length, t.length);
        return out;
    }

    /** One record that reads: its transaction, where it starts and ends in the file, its change lines. */
    record Entry(long sequence, long offset, long end, List<String> lines) {
    }

    /**
     * A journal as read: the transaction its header follows, the records that read, in order, and where the
     * good part ends. At most one of {@code torn} (the file ends inside its last record: what is cut short)
     * and {@code damage} (what is wrong, and where) is set; {@code damaged} is the record the damage is in,
     * when it could still be framed (its lines, for saying what was lost), and {@code size} the file's length.
     */
    record Scan(long base, boolean followsSnapshot, List<Entry> entries, long goodEnd, String torn, String damage,
            Entry damaged, long size) {

        /** The last transaction this journal holds: its last record's, or the base when it has none. */
        long last() {
            return entries.isEmpty() ? base : entries.get(entries.size() - 1).sequence();
        }
    }

    /** Reads a whole journal; a header that does not read is a {@link StoreFormatException}. */
    static Scan scan(byte[] bytes) throws StoreFormatException {
        if (bytes.length == 0) {
            throw new StoreFormatException("empty file");
        }
        int nl = indexOf(bytes, 0);
        if (nl < 0) {
            throw new StoreFormatException("truncated: no complete header line");
        }
        String[] head = new String(bytes, 0, nl, StandardCharsets.UTF_8).split("\t", -1);
        long base;
        boolean follows;
        try {
            if (head.length != 4 || !head[0].equals(MAGIC)) {
                throw new NumberFormatException();
            }
            if (!head[1].equals(Integer.toString(VERSION))) {
                throw new StoreFormatException("format version " + head[1] + " is not " + VERSION);
            }
            base = Long.parseLong(head[2]);
            follows = head[3].equals(FOLLOWS_SNAPSHOT);
            if (base < 0 || !(follows || head[3].equals(FOLLOWS_NOTHING) && base == 0)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new StoreFormatException("line 1 is not a Weir engine journal header");
        }
        List<Entry> entries = new ArrayList<>();
        int pos = nl + 1;
        long expected = base + 1;
        while (pos < bytes.length) {
            int end = indexOf(bytes, pos);
            if (end < 0) {
                return new Scan(base, follows, entries, pos, "its last record's first line is cut short (" + (bytes.length - pos)
                        + " bytes at byte " + pos + ")", null, null, bytes.length);
            }
            long[] h = header(bytes, pos, end);
            if (h == null) {
                return new Scan(base, follows, entries, pos, null, "byte " + pos + " does not start a record", null,
                        bytes.length);
            }
            long sequence = h[0];
            int bodyStart = end + 1;
            long recordEnd = (long) bodyStart + h[1] + TRAILER;
            if (recordEnd > bytes.length) {
                return new Scan(base, follows, entries, pos, "the record of transaction " + sequence + " at byte " + pos
                        + " is cut short (" + (bytes.length - pos) + " of its " + (recordEnd - pos) + " bytes)", null,
                        null, bytes.length);
            }
            int bodyEnd = bodyStart + (int) h[1];
            Entry e = new Entry(sequence, pos, recordEnd, lines(bytes, bodyStart, bodyEnd));
            String trailer = new String(bytes, bodyEnd, TRAILER, StandardCharsets.US_ASCII);
            String expectedTrailer = String.format("crc32\t%08x\n", StoreCodec.crc(bytes, bodyStart, bodyEnd - bodyStart));
            if (!trailer.equals(expectedTrailer)) {
                return new Scan(base, follows, entries, pos, null, "the record of transaction " + sequence + " at byte " + pos
                        + " has a checksum mismatch", e, bytes.length);
            }
            if (sequence != expected) {
                return new Scan(base, follows, entries, pos, null, "the record at byte " + pos + " is transaction " + sequence
                        + " where transaction " + expected + " should follow (a gap or a repeat)", e, bytes.length);
            }
            entries.add(e);
            expected++;
            pos = (int) recordEnd;
        }
        return new Scan(base, follows, entries, pos, null, null, null, bytes.length);
    }

    /**
     * The records that still frame after a damaged one, from byte {@code from} on, checksums and order
     * unchecked: only to say what lost transactions changed.
     */
    static List<Entry> salvage(byte[] bytes, long from) {
        List<Entry> out = new ArrayList<>();
        int pos = (int) from;
        while (pos < bytes.length) {
            int end = indexOf(bytes, pos);
            long[] h = end < 0 ? null : header(bytes, pos, end);
            if (h == null || (long) end + 1 + h[1] + TRAILER > bytes.length) {
                break;
            }
            int bodyEnd = end + 1 + (int) h[1];
            out.add(new Entry(h[0], pos, bodyEnd + TRAILER, lines(bytes, end + 1, bodyEnd)));
            pos = bodyEnd + TRAILER;
        }
        return out;
    }

    /** {@code txn SEQ LENGTH CRC} with a matching CRC: {sequence, length}; null when it is not one. */
    private static long[] header(byte[] bytes, int from, int nl) {
        String line = new String(bytes, from, nl - from, StandardCharsets.US_ASCII);
        String[] f = line.split("\t", -1);
        if (f.length != 4 || !f[0].equals("txn") || f[3].length() != 8) {
            return null;
        }
        String head = f[0] + "\t" + f[1] + "\t" + f[2];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        if (!String.format("%08x", StoreCodec.crc(h, h.length)).equals(f[3])) {
            return null;
        }
        try {
            long sequence = Long.parseLong(f[1]);
            long length = Long.parseLong(f[2]);
            if (sequence < 1 || length < 0 || length > Integer.MAX_VALUE - 64) {
                return null;
            }
            return new long[] {sequence, length};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> lines(byte[] bytes, int from, int to) {
        List<String> out = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < to) {
            out.add(new String(bytes, start, to - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
