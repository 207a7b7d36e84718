package weir.engine.core.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import weir.engine.api.EngineSession;

/**
 * Jazzer fuzz target for the policy loader (README, "Fuzzing"): the bytes of a file go through
 * {@link PolicyFile#parse(String, byte[])} and, when they read, through {@link PolicyImporter#apply} into a real
 * engine. The invariant: the file imports, or it yields errors that are each one {@code FILE:LINE:COL: message}
 * line in Weir's words (no library internals, no control characters, a token echoed at most ~80 characters),
 * never another exception, and a refused import leaves the engine as it was.
 *
 * <p>Seeds (the project's own policies) and every input that ever failed:
 * {@code src/test/resources/weir/engine/core/policy/PolicyFuzzTestInputs/policyImportsOrSaysWhereItIsWrong/}.
 */
@Tag("policy")
class PolicyFuzzTest {
    private static final Pattern LINE = Pattern.compile("p\\.json:[1-9]\\d*:[1-9]\\d*: \\S.*");
    private static final List<String> INTERNALS = List.of("StreamReadConstraints", "REDACTED", "`", "jackson",
            "Jackson", "com.fasterxml", "Exception", "Feature", "java.");

    /** The words of the format, so that mutations make policies rather than noise. */
    @DictionaryEntries({"\"version\"", "\"providers\"", "\"sublayers\"", "\"callouts\"", "\"filters\"", "\"key\"",
        "\"name\"", "\"description\"", "\"persistent\"", "\"serviceName\"", "\"data\"", "\"weight\"",
        "\"provider\"", "\"layer\"", "\"usesProviderContext\"", "\"sublayer\"", "\"when\"", "\"conditions\"",
        "\"action\"", "\"flags\"", "\"rawContext\"", "\"providerContext\"", "\"field\"", "\"match\"",
        "\"value\"", "\"low\"", "\"high\"", "\"range\"", "\"type\"", "\"callout\"", "\"auto\"", "\"PERMIT\"",
        "\"BLOCK\"", "\"CALLOUT_TERMINATING\"", "\"CALLOUT_INSPECTION\"", "\"INBOUND_TRANSPORT_V4\"",
        "\"ALE_AUTH_CONNECT_V6\"", "\"STREAM_V4\"", "\"IP_REMOTE_PORT\"", "\"IP_REMOTE_ADDRESS\"", "\"ALE_APP_ID\"",
        "\"RANGE\"", "\"FLAGS_ANY_SET\"", "\"PREFIX\"", "\"CLEAR_ACTION_RIGHT\"", "\"PERMIT_IF_CALLOUT_UNREGISTERED\"",
        "\"HAS_PROVIDER_CONTEXT\"", "\"0x00\"", "\"00000000-0000-0000-0000-000000000000\"",
        "\"b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03\"", "\"10.0.0.0/8\"", "\"2001:db8::/32\"", "null", "true", "//", "/*",
        "protocol == tcp", " and ", " or ", "not ", "remote.port in 80,443", "local.port in 1..2", "(", ")"})
    @FuzzTest(maxDuration = "40s")
    void policyImportsOrSaysWhereItIsWrong(byte[] file) {
        Policy policy;
        try {
            policy = PolicyFile.parse("p.json", file);
        } catch (PolicyException e) {
            assertWeirsWords(e, file);
            return;
        }
        try (RealEngine engine = new RealEngine(); EngineSession s = engine.open()) {
            RealEngine.State before = RealEngine.State.of(s);
            try {
                PolicyImporter.apply(s, policy);
            } catch (PolicyException e) {
                assertWeirsWords(e, file);
                assertTrue(before.equals(RealEngine.State.of(s)), "a refused import changed the engine");
            }
        }
    }

    /** Each error one line in Weir's words; a library's word may only appear when the file itself holds it. */
    static void assertWeirsWords(PolicyException e, byte[] file) {
        String input = new String(file, java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(e.errors().isEmpty(), "a PolicyException without errors");
        for (PolicyError pe : e.errors()) {
            String line = pe.toString();
            assertTrue(LINE.matcher(line).matches(), () -> "not FILE:LINE:COL: message: " + line);
            assertTrue(line.length() <= 1200, () -> "too long (" + line.length() + "): " + line.substring(0, 300));
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertFalse(Character.isISOControl(c), () -> "a control character in: " + line);
            }
            for (String internal : INTERNALS) {
                assertFalse(line.contains(internal) && !input.contains(internal),
                        () -> "'" + internal + "' in: " + line);
            }
        }
    }
}
