package weir.guard.install;

import java.io.File;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/** Whether a file is an OSGi bundle FileInstall can install: the test FileInstall itself makes, with the reason. */
final class BundleJar {
    private BundleJar() {
    }

    /** Null when {@code file} is a bundle; otherwise why it is not, in words that follow "it". */
    static String notABundle(File file) {
        if (!file.canRead()) {
            return "cannot be read by the user running Weir";
        }
        try (JarFile jar = new JarFile(file)) {
            Manifest m = jar.getManifest();
            if (m == null) {
                return "has no manifest (META-INF/MANIFEST.MF)";
            }
            if (m.getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName")) == null) {
                return "is a plain jar: its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (ZipException e) {
            return "is not a jar (zip) file";
        } catch (IOException | RuntimeException e) {
            return "cannot be read as a jar: " + e.getMessage();
        }
    }
}
