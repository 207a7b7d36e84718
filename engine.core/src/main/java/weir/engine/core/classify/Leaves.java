package weir.engine.core.classify;

/** Arrays of compiled filters kept in evaluation order ({@link CompiledFilter#order}): copies with one more or less. */
final class Leaves {
    private Leaves() {
    }

    /** The index of the filter with this order, or {@code -(insertion point) - 1}. */
    static int find(CompiledFilter[] a, long order) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long o = a[mid].order;
            if (o < order) {
                lo = mid + 1;
            } else if (o > order) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** A copy with {@code f} in its place (it must not be there). */
    static CompiledFilter[] with(CompiledFilter[] a, CompiledFilter f) {
        int i = find(a, f.order);
        if (i >= 0) {
            throw new IllegalStateException("filter " + f.filterId + " is already indexed at order " + f.order);
        }
        i = -i - 1;
        CompiledFilter[] out = new CompiledFilter[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = f;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    /** A copy without {@code f}, or {@code a} itself when it is not there. */
    static CompiledFilter[] without(CompiledFilter[] a, CompiledFilter f) {
        int i = find(a, f.order);
        if (i < 0 || a[i] != f) {
            return a;
        }
        CompiledFilter[] out = new CompiledFilter[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    /** Two arrays in order as one. */
    static CompiledFilter[] merge(CompiledFilter[] a, int na, CompiledFilter[] b, int nb) {
        CompiledFilter[] out = new CompiledFilter[na + nb];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na && j < nb) {
            out[k++] = a[i].order < b[j].order ? a[i++] : b[j++];
        }
        while (i < na) {
            out[k++] = a[i++];
        }
        while (j < nb) {
            out[k++] = b[j++];
        }
        return out;
    }
}
