package weir.engine.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of error a policy file can have, each at its exact FILE:LINE:COL. */
class PolicyFileErrorTest {

    private static List<String> errors(String text) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFile.parse("p.json", text));
        return e.errors().stream().map(PolicyError::toString).toList();
    }

    /** "p.json:LINE:COL: " where COL is that of the first {@code needle} on the line. */
    private static String at(String text, int line, String needle) {
        String l = text.split("\n", -1)[line - 1];
        int i = l.indexOf(needle);
        assertTrue(i >= 0, needle + " not on line " + line);
        return "p.json:" + line + ":" + (i + 1) + ": ";
    }

    private static String filters(String... filters) {
        return "{\n  \"filters\": [\n" + String.join(",\n", filters) + "\n  ]\n}\n";
    }

    /** One filter whose conditions are the given items, one per line from line 4 on. */
    private static String withConditions(String layer, String... items) {
        return "{\n  \"filters\": [\n    {\"name\": \"e\", \"layer\": \"" + layer + "\", \"action\": \"BLOCK\", \"conditions\": [\n"
                + String.join(",\n", items) + "\n    ]}\n  ]\n}\n";
    }

    @Test
    void syntaxErrors() {
        String t = "{\n  \"filters\": [\n    {\"name\": \"x\" \"layer\": \"STREAM_V4\"}\n  ]\n}\n";
        assertEquals(List.of(at(t, 3, "\"layer\"")
                + "JSON syntax: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"),
                errors(t));
        assertEquals(List.of("p.json:1:17: JSON syntax: Unexpected end-of-input: expected close marker for Object "
                + "(start marker at line 1, col 1)"), errors("{\"filters\": [1,]"));
        assertEquals(List.of("p.json:1:1: the file is empty: a policy is a JSON object { ... }"), errors(" \n"));
        assertEquals(List.of("p.json:1:1: a policy is an object { ... }, not a list"), errors("[]"));
        assertEquals(List.of("p.json:1:4: unexpected content after the policy's closing '}'"), errors("{} {}"));
    }

    @Test
    void unknownAndDuplicateMembers() {
        String t = "{\n  \"version\": 2,\n  \"providerz\": [],\n  \"filters\": [\n"
                + "    {\"name\": \"a\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"wieght\": 3, \"name\": \"b\"}\n  ]\n}";
        assertEquals(List.of(
                at(t, 2, "2") + "this Weir reads policy version 1, not 2",
                at(t, 3, "\"providerz\"") + "unknown member \"providerz\" in a policy (did you mean providers?); "
                        + "a policy has: callouts, filters, providers, sublayers, version",
                at(t, 5, "\"wieght\"") + "unknown member \"wieght\" in a filter (did you mean weight?); a filter has: "
                        + "action, conditions, data, description, flags, key, layer, name, persistent, provider, "
                        + "providerContext, rawContext, sublayer, weight, when",
                at(t, 5, "\"name\": \"b\"") + "duplicate member \"name\" (first at line 5): give each member once"),
                errors(t));
    }

    @Test
    void missingMembersAndWrongTypes() {
        String t = filters(
                "    {\"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"}",
                "    {\"name\": \"b\", \"action\": \"PERMIT\"}",
                "    {\"name\": \"c\", \"layer\": \"STREAM_V4\"}",
                "    {\"name\": 5, \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"persistent\": \"yes\"}",
                "    \"not an object\"");
        assertEquals(List.of(
                at(t, 3, "{") + "a filter needs \"name\" (e.g. \"ssh from lan\")",
                at(t, 4, "{") + "a filter needs \"layer\" (e.g. \"INBOUND_TRANSPORT_V4\")",
                at(t, 5, "{") + "a filter needs \"action\" (e.g. \"PERMIT\")",
                at(t, 6, "5") + "\"name\" must be a string, not a number",
                at(t, 6, "\"yes\"") + "\"persistent\" must be true or false, not a string",
                at(t, 7, "\"not") + "a filter is an object { ... }, not a string"), errors(t));
        String c = "{\"callouts\": [{\"name\": \"c\", \"layer\": \"STREAM_V4\"}]}";
        assertEquals(List.of("p.json:1:15: a callout needs \"key\" (e.g. \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\")"),
                errors(c));
    }

    @Test
    void unknownLayer() {
        String t = filters("    {\"name\": \"a\", \"layer\": \"INBOUND_TRANSPORT_V5\", \"action\": \"PERMIT\"}",
                "    {\"name\": \"b\", \"layer\": \"TRANSPORT\", \"action\": \"PERMIT\"}");
        assertEquals(List.of(
                at(t, 3, "\"INBOUND") + "unknown layer 'INBOUND_TRANSPORT_V5' (did you mean INBOUND_TRANSPORT_V4?)",
                at(t, 4, "\"TRANSPORT") + "unknown layer 'TRANSPORT'; layers are WFP's names without FWPM_LAYER_, "
                        + "e.g. INBOUND_TRANSPORT_V4, ALE_AUTH_CONNECT_V6 (wfp:layers lists them)"), errors(t));
    }

    @Test
    void whenErrorsPointIntoTheString() {
        String t = filters(
                "    {\"name\": \"a\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"PERMIT\", \"when\": \"protocol == tcp and remote.prot == 80\"}",
                "    {\"name\": \"b\", \"layer\": \"ALE_AUTH_CONNECT_V4\", \"action\": \"PERMIT\", \"when\": \"app == \\\"c:\\\\\\\\x\\\" and local.port == 70000\"}",
                "    {\"name\": \"c\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"PERMIT\", \"when\": \"local.port == 1 or remote.port == 2\"}",
                "    {\"name\": \"d\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"PERMIT\", \"when\": \"src.addr == 1.2.3.4\"}");
        assertEquals(List.of(
                at(t, 3, "remote.prot") + "unknown field 'remote.prot' at INBOUND_TRANSPORT_V4 (did you mean remote.port?)",
                at(t, 4, "70000") + "70000 is out of range: local.port is UINT16 (0..65535)",
                at(t, 5, "or remote") + "'or' joins tests of different fields (local.port, remote.port): WFP ORs only conditions "
                        + "on the same field; split it into several filters, one per alternative",
                at(t, 6, "src.addr") + "src.addr (IP_SOURCE_ADDRESS) is not a field of INBOUND_TRANSPORT_V4; its fields "
                        + "are: protocol, local.addr, remote.addr, local.addr.type, local.port, remote.port, local.if, "
                        + "if.index, sub.if.index, flags, if.type, tunnel.type, CURRENT_PROFILE_ID, "
                        + "IPSEC_SECURITY_REALM_ID, COMPARTMENT_ID"), errors(t));
    }

    @Test
    void conditionErrors() {
        String t = withConditions("INBOUND_TRANSPORT_V4",
                "      {\"field\": \"IP_REMOTE_PORT\", \"value\": 70000}",
                "      {\"field\": \"IP_REMOTE_PORT\", \"value\": \"10.0.0.1\"}",
                "      {\"field\": \"IP_REMOT_PORT\", \"value\": 1}",
                "      {\"field\": \"DIRECTION\", \"value\": 1}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"match\": \"RANGE\", \"value\": 5}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"value\": {\"low\": 1, \"high\": 2}}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"match\": \"EQUALS\", \"value\": 5}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"match\": \"EQUAL_CASE_INSENSITIVE\", \"value\": 5}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"value\": true}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"value\": 1.5}",
                "      {\"field\": \"IP_REMOTE_ADDRESS\", \"match\": \"NOT_EQUAL\", \"value\": \"10.0.0.0/8\"}",
                "      {\"field\": \"IP_REMOTE_ADDRESS\", \"value\": \"2001:db8::1\"}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"match\": \"RANGE\", \"value\": {\"low\": 9, \"high\": 2}}",
                "      {\"field\": \"IP_LOCAL_PORT\"}",
                "      {\"field\": \"IP_LOCAL_PORT\", \"value\": 1, \"op\": \"==\"}");
        assertEquals(List.of(
                at(t, 4, "70000") + "70000 is out of range: IP_REMOTE_PORT is UINT16 (0..65535)",
                at(t, 5, "\"10.0.0.1\"") + "'10.0.0.1' is not a value of IP_REMOTE_PORT: write a number 0..65535",
                at(t, 6, "\"IP_REMOT_PORT\"") + "unknown field 'IP_REMOT_PORT' at INBOUND_TRANSPORT_V4 (did you mean IP_REMOTE_PORT?)",
                at(t, 7, "\"DIRECTION\"") + "DIRECTION is not a field of INBOUND_TRANSPORT_V4; its fields are: IP_PROTOCOL, "
                        + "IP_LOCAL_ADDRESS, IP_REMOTE_ADDRESS, IP_LOCAL_ADDRESS_TYPE, IP_LOCAL_PORT, IP_REMOTE_PORT, "
                        + "IP_LOCAL_INTERFACE, INTERFACE_INDEX, SUB_INTERFACE_INDEX, FLAGS, INTERFACE_TYPE, TUNNEL_TYPE, "
                        + "CURRENT_PROFILE_ID, IPSEC_SECURITY_REALM_ID, COMPARTMENT_ID",
                at(t, 8, "5}") + "RANGE takes \"value\": {\"low\": L, \"high\": H} (both ends included)",
                at(t, 9, "{\"low\"") + "{\"low\", \"high\"} is a RANGE value: set \"match\": \"RANGE\"",
                at(t, 10, "\"EQUALS\"") + "unknown match type 'EQUALS' (did you mean EQUAL?); match types are: EQUAL, "
                        + "GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL, RANGE, FLAGS_ALL_SET, FLAGS_ANY_SET, "
                        + "FLAGS_NONE_SET, EQUAL_CASE_INSENSITIVE, NOT_EQUAL, PREFIX, NOT_PREFIX",
                at(t, 11, "\"EQUAL_CASE") + "EQUAL_CASE_INSENSITIVE compares UNICODE_STRING fields only; IP_LOCAL_PORT is UINT16",
                at(t, 12, "true") + "a condition value is a number, a string, null (EMPTY) or {\"low\", \"high\"} for RANGE, not true",
                at(t, 13, "1.5") + "'1.5' is not a value of IP_LOCAL_PORT: write a number 0..65535",
                at(t, 14, "\"NOT_EQUAL\"") + "NOT_EQUAL cannot take a prefix: WFP matches an address mask only with EQUAL "
                        + "(== or in); for \"not in 10.0.0.0/8\" write IP_REMOTE_ADDRESS < 10.0.0.0 or IP_REMOTE_ADDRESS > 10.255.255.255",
                at(t, 15, "\"2001") + "'2001:db8::1' is an IPv6 address but IP_REMOTE_ADDRESS is an IPv4 address (UINT32) "
                        + "at INBOUND_TRANSPORT_V4: use the _V6 layer for IPv6",
                at(t, 16, "\"RANGE\"") + "the range 9..2 is empty: its low end is above its high end",
                at(t, 17, "{") + "a condition needs \"value\" (e.g. \"value\": 443)",
                at(t, 18, "\"op\"") + "unknown member \"op\" in a condition; a condition has: field, match, value"),
                errors(t));
    }

    @Test
    void badValuesPerType() {
        String t = withConditions("ALE_AUTH_CONNECT_V6",
                "      {\"field\": \"IP_PROTOCOL\", \"value\": \"tcpp\"}",
                "      {\"field\": \"IP_PROTOCOL\", \"value\": 256}",
                "      {\"field\": \"IP_REMOTE_ADDRESS\", \"value\": \"192.0.2.1\"}",
                "      {\"field\": \"ALE_APP_ID\", \"value\": \"0x123\"}",
                "      {\"field\": \"FLAGS\", \"value\": \"IS_LOOPBAK\"}",
                "      {\"field\": \"IP_LOCAL_INTERFACE\", \"value\": 18446744073709551616}",
                "      {\"field\": \"PEER_NAME\", \"value\": 5}");
        assertEquals(List.of(
                at(t, 4, "\"tcpp\"") + "'tcpp' is not a value of IP_PROTOCOL: write a number 0..255 or a protocol name "
                        + "(icmp, igmp, tcp, udp, gre, esp, ah, icmpv6, sctp) (did you mean tcp?)",
                at(t, 5, "256") + "256 is out of range: IP_PROTOCOL is UINT8 (0..255)",
                at(t, 6, "\"192") + "'192.0.2.1' is not a value of IP_REMOTE_ADDRESS: IP_REMOTE_ADDRESS is an IPv6 address "
                        + "(BYTE_ARRAY16) at ALE_AUTH_CONNECT_V6; write an IPv6 address like 2001:db8::1 or a prefix like 2001:db8::/32",
                at(t, 7, "\"0x123\"") + "'0x123' has an odd number of hex digits: ALE_APP_ID takes whole bytes",
                at(t, 8, "\"IS_") + "'IS_LOOPBAK' is not a value of FLAGS: write a number 0..4294967295 or a flag name ("
                        + "IS_LOOPBACK, IS_IPSEC_SECURED, IS_REAUTHORIZE, IS_WILDCARD_BIND, IS_RAW_ENDPOINT, IS_FRAGMENT, "
                        + "IS_FRAGMENT_GROUP, IS_IPSEC_NATT_RECLASSIFY, REQUIRES_ALE_CLASSIFY, IS_IMPLICIT_BIND, "
                        + "IS_REASSEMBLED, IS_NAME_APP_SPECIFIED, IS_PROMISCUOUS, IS_AUTH_FW, IS_RECLASSIFY, "
                        + "IS_OUTBOUND_PASS_THRU, IS_INBOUND_PASS_THRU, IS_CONNECTION_REDIRECTED) (did you mean IS_LOOPBACK?)",
                at(t, 9, "1844") + "18446744073709551616 is out of range: IP_LOCAL_INTERFACE is UINT64 (0..18446744073709551615)",
                at(t, 10, "5}") + "'5' is not a value of PEER_NAME (UNICODE_STRING): put the text in quotes"), errors(t));
    }

    @Test
    void weightErrors() {
        String t = "{\n  \"sublayers\": [\n    {\"name\": \"s\", \"weight\": 70000}\n  ],\n  \"filters\": [\n"
                + "    {\"name\": \"a\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"weight\": {\"range\": 16}},\n"
                + "    {\"name\": \"b\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"weight\": \"heavy\"},\n"
                + "    {\"name\": \"c\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"weight\": -1},\n"
                + "    {\"name\": \"d\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"weight\": {\"rang\": 1}}\n"
                + "  ]\n}\n";
        assertEquals(List.of(
                at(t, 3, "70000") + "\"weight\" 70000 is out of range 0..65535",
                at(t, 6, "16") + "\"range\" 16 is out of range 0..15",
                at(t, 7, "\"heavy\"") + "\"weight\" is a number (used as is), \"auto\", or {\"range\": 0..15}, not a string",
                at(t, 8, "-1") + "\"weight\" -1 is out of range 0..18446744073709551615",
                at(t, 9, "{\"rang\"") + "a weight range needs \"range\" (e.g. {\"range\": 10})",
                at(t, 9, "\"rang\"") + "unknown member \"rang\" in a weight range (did you mean range?); a weight range has: range"),
                errors(t));
    }

    @Test
    void actionErrors() {
        String t = "{\n  \"callouts\": [\n"
                + "    {\"key\": \"b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03\", \"name\": \"logger\", \"layer\": \"ALE_FLOW_ESTABLISHED_V4\"}\n"
                + "  ],\n  \"filters\": [\n"
                + "    {\"name\": \"a\", \"layer\": \"STREAM_V4\", \"action\": \"ALLOW\"},\n"
                + "    {\"name\": \"b\", \"layer\": \"STREAM_V4\", \"action\": \"CALLOUT_TERMINATING\"},\n"
                + "    {\"name\": \"c\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"PERMIT\", \"callout\": \"logger\"}},\n"
                + "    {\"name\": \"d\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"CALLOUT_INSPECTION\", \"callout\": \"logger\"}},\n"
                + "    {\"name\": \"e\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"CALLOUT_UNKNOWN\"}},\n"
                + "    {\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"CONTINUE\"}},\n"
                + "    {\"name\": \"g\", \"layer\": \"STREAM_V4\", \"action\": 3}\n"
                + "  ]\n}\n";
        String actions = "; actions are: PERMIT, BLOCK, CALLOUT_TERMINATING, CALLOUT_INSPECTION, CALLOUT_UNKNOWN";
        assertEquals(List.of(
                at(t, 6, "\"ALLOW\"") + "'ALLOW' is not a filter action" + actions,
                at(t, 7, "\"CALLOUT_") + "CALLOUT_TERMINATING needs a callout: write {\"type\": \"CALLOUT_TERMINATING\", "
                        + "\"callout\": KEY or name}",
                at(t, 8, "\"logger\"") + "PERMIT takes no callout; a callout needs CALLOUT_TERMINATING, CALLOUT_INSPECTION "
                        + "or CALLOUT_UNKNOWN",
                at(t, 9, "\"logger\"") + "callout 'logger' applies to ALE_FLOW_ESTABLISHED_V4, but this filter is at "
                        + "STREAM_V4: use a callout object for STREAM_V4",
                at(t, 10, "{\"type\"") + "an action needs \"callout\" (e.g. a callout's key or name)",
                at(t, 11, "\"CONTINUE\"") + "'CONTINUE' is not a filter action" + actions,
                at(t, 12, "3}") + "an action is an object { ... }, not a number"), errors(t));
    }

    @Test
    void danglingAmbiguousAndMalformedReferences() {
        String t = "{\n  \"providers\": [{\"name\": \"corp\"}],\n  \"sublayers\": [\n"
                + "    {\"name\": \"lan\", \"provider\": \"crop\"},\n"
                + "    {\"name\": \"dup\"},\n"
                + "    {\"name\": \"dup\"}\n"
                + "  ],\n  \"filters\": [\n"
                + "    {\"name\": \"a\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"sublayer\": \"lna\"},\n"
                + "    {\"name\": \"b\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"sublayer\": \"dup\"},\n"
                + "    {\"name\": \"c\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"CALLOUT_UNKNOWN\", \"callout\": \"nat\"}},\n"
                + "    {\"name\": \"d\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"provider\": 7}\n"
                + "  ]\n}\n";
        assertEquals(List.of(
                at(t, 4, "\"crop\"") + "no provider named 'crop' in this file (did you mean corp?); providers here: corp "
                        + "(name a provider outside the file by its key)",
                at(t, 9, "\"lna\"") + "no sublayer named 'lna' in this file (did you mean lan?); sublayers here: lan, dup, dup "
                        + "(name a sublayer outside the file by its key)",
                at(t, 10, "\"dup\"") + "sublayer name 'dup' is ambiguous: 2 sublayers have it (lines 5, 6); name it by its key",
                at(t, 11, "\"nat\"") + "no callout named 'nat' in this file (name a callout outside the file by its key)",
                at(t, 12, "7}") + "\"provider\" must be a string, not a number"), errors(t));
    }

    @Test
    void duplicateAndMalformedKeys() {
        String k = "\"5f2c8a8e-3b1d-4c8e-9a51-0c7d2e6b1a01\"";
        String t = "{\n  \"providers\": [{\"key\": " + k + ", \"name\": \"p1\"}, {\"key\": " + k + ", \"name\": \"p2\"}],\n"
                + "  \"sublayers\": [{\"key\": " + k + ", \"name\": \"s1\"}, {\"key\": \"{" + k.substring(1, k.length() - 1)
                + "}\", \"name\": \"s2\"}],\n"
                + "  \"callouts\": [{\"key\": " + k + ", \"name\": \"c1\", \"layer\": \"STREAM_V4\"}, {\"key\": " + k
                + ", \"name\": \"c2\", \"layer\": \"STREAM_V4\"}],\n"
                + "  \"filters\": [\n"
                + "    {\"key\": " + k + ", \"name\": \"f1\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"},\n"
                + "    {\"key\": " + k + ", \"name\": \"f2\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"},\n"
                + "    {\"key\": \"5f2c8a8e-3b1d\", \"name\": \"f3\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"}\n"
                + "  ]\n}\n";
        String first = "5f2c8a8e-3b1d-4c8e-9a51-0c7d2e6b1a01";
        String[] lines = t.split("\n");
        assertEquals(List.of(
                "p.json:2:" + (lines[1].lastIndexOf(k) + 1) + ": duplicate provider key " + first
                        + " (first at line 2): keys are unique per object type",
                "p.json:3:" + (lines[2].lastIndexOf("\"{") + 1) + ": duplicate sublayer key " + first
                        + " (first at line 3): keys are unique per object type",
                "p.json:4:" + (lines[3].lastIndexOf(k) + 1) + ": duplicate callout key " + first
                        + " (first at line 4): keys are unique per object type",
                at(t, 7, k) + "duplicate filter key " + first + " (first at line 6): keys are unique per object type",
                at(t, 8, "\"5f2c") + "\"5f2c8a8e-3b1d\" is not a GUID (write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
                errors(t));
    }

    @Test
    void flagErrorsAndWhenWithConditions() {
        String t = filters(
                "    {\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"flags\": [\"DISABLED\", \"CLEAR_ACTON_RIGHT\", 1]}",
                "    {\"name\": \"g\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"when\": \"\", \"conditions\": []}",
                "    {\"name\": \"h\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"flags\": \"PERSISTENT\"}");
        assertEquals(List.of(
                at(t, 3, "\"DISABLED\"") + "DISABLED is set by the engine (an output), not by a policy",
                at(t, 3, "\"CLEAR_ACTON") + "unknown filter flag 'CLEAR_ACTON_RIGHT' (did you mean CLEAR_ACTION_RIGHT?); "
                        + "flags are: PERSISTENT, BOOTTIME, HAS_PROVIDER_CONTEXT, CLEAR_ACTION_RIGHT, "
                        + "PERMIT_IF_CALLOUT_UNREGISTERED, INDEXED",
                at(t, 3, "1]") + "a flag is a string such as \"CLEAR_ACTION_RIGHT\", not a number",
                at(t, 4, "\"conditions\"") + "give either \"when\" or \"conditions\", not both",
                at(t, 5, "\"PERSISTENT\"") + "\"flags\" must be a list [ ... ], not a string"), errors(t));
    }

    @Test
    void everyErrorOfAFileIsReportedInFileOrder() {
        String t = filters(
                "    {\"name\": \"a\", \"layer\": \"STREAM_V5\", \"action\": \"PERMIT\"}",
                "    {\"name\": \"b\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\", \"when\": \"local.port == 99999\"}",
                "    {\"name\": \"c\", \"layer\": \"STREAM_V4\", \"action\": \"DENY\", \"sublayer\": \"x\"}");
        List<String> e = errors(t);
        assertEquals(4, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("p.json:3:"), e.get(0));
        assertTrue(e.get(1).startsWith("p.json:4:"), e.get(1));
        assertTrue(e.get(2).startsWith(at(t, 5, "\"DENY\"")), e.get(2));
        assertTrue(e.get(3).startsWith(at(t, 5, "\"x\"")), e.get(3));
    }

    @Test
    void aFileThatCannotBeReadIsOneErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFile.read(missing));
        assertEquals(1, e.errors().size());
        assertTrue(e.getMessage().startsWith(missing + ":1:1: cannot read the file: NoSuchFileException"), e.getMessage());
    }
}
