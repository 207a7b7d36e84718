package weir.engine.core.osgi;

import org.osgi.framework.Bundle;

/** How the runtime view names the bundle behind a registration (its owner object). */
final class BundleNames {
    private BundleNames() {
    }

    /** The symbolic name of a Bundle owner, or "" for anything else (a registration made without OSGi). */
    static String of(Object owner) {
        if (owner instanceof Bundle b) {
            String n = b.getSymbolicName();
            return n == null ? "bundle " + b.getBundleId() : n;
        }
        return "";
    }
}
