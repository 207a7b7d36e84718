package weir.guard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

/** Why a bundle did not start, in one line, from the exception as it is thrown and as the Felix log hands it on. */
class StartFailureTest {
    private static final String UNRESOLVED = "Unable to resolve weir.test.lonely [20](R 20.0): missing requirement"
            + " [weir.test.lonely [20](R 20.0)] osgi.wiring.package; (&(osgi.wiring.package=com.acme.missing)"
            + "(version>=1.0.0)(!(version>=2.0.0))) Unresolved requirements: [[weir.test.lonely [20](R 20.0)]"
            + " osgi.wiring.package; (&(osgi.wiring.package=com.acme.missing)(version>=1.0.0)(!(version>=2.0.0)))]";

    @Test
    void aMissingPackageIsNamedWithItsVersions() {
        assertEquals("needs package com.acme.missing (version>=1.0.0)(!(version>=2.0.0)), which no bundle exports",
                StartFailure.unresolved(UNRESOLVED));
        assertEquals("needs package com.acme.any, which no bundle exports", StartFailure.unresolved(
                "Unable to resolve x [3](R 3.0): missing requirement [x [3](R 3.0)] osgi.wiring.package;"
                        + " (osgi.wiring.package=com.acme.any)"));
    }

    @Test
    void anotherMissingCapabilityIsNamedByItsNamespace() {
        assertEquals("missing osgi.ee (&(osgi.ee=JavaSE)(version=99))", StartFailure.unresolved(
                "Unable to resolve x [3](R 3.0): missing requirement [x [3](R 3.0)] osgi.ee;"
                        + " (&(osgi.ee=JavaSE)(version=99))"));
    }

    @Test
    void theActivatorsExceptionIsTheReason() throws Exception {
        BundleException e = new BundleException("Activator start error in bundle x [3].",
                BundleException.ACTIVATOR_ERROR, new IllegalStateException("boom"));
        assertEquals("its activator threw IllegalStateException: boom", StartFailure.of(e));
        assertEquals("its activator threw IllegalStateException: boom", StartFailure.of(logged(e)));
    }

    @Test
    void aResolveErrorAsTheLogHandsItOnIsStillOne() throws Exception {
        BundleException e = new BundleException(UNRESOLVED, BundleException.RESOLVE_ERROR);
        String direct = StartFailure.of(e);
        assertEquals(direct, StartFailure.of(logged(e)));
        assertEquals("cannot resolve: needs package com.acme.missing (version>=1.0.0)(!(version>=2.0.0)), which no"
                + " bundle exports", direct);
    }

    @Test
    void installFailuresKeepTheFrameworksMessage() throws Exception {
        BundleException e = new BundleException("Bundle symbolic name and version are not unique: x:1.0.0",
                BundleException.DUPLICATE_BUNDLE_ERROR);
        assertEquals("Bundle symbolic name and version are not unique: x:1.0.0", StartFailure.plain(logged(e)));
        assertNotEquals("", StartFailure.plain(logged(new java.io.IOException("disk full", new RuntimeException()))));
    }

    /** The exception as the Felix log (org.apache.felix.log 1.3.0) gives it to a LogListener: a stand-in. */
    private static Throwable logged(Throwable t) throws Exception {
        Class<?> standIn = Class.forName("org.apache.felix.log.LogException");
        Method wrap = standIn.getDeclaredMethod("getException", Throwable.class);
        wrap.setAccessible(true);
        Throwable w = (Throwable) wrap.invoke(null, t);
        assertNotEquals(t.getClass(), w.getClass(), "the log wraps it");
        return w;
    }
}
