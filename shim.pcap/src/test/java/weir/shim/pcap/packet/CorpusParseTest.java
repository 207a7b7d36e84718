package weir.shim.pcap.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.shim.pcap.ArrayIncomingValues;
import weir.shim.pcap.Corpus;
import weir.shim.pcap.capture.CaptureReader;
import weir.shim.pcap.capture.Frame;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.values.IncomingValuesMapper;
import weir.shim.pcap.values.PacketDirection;

/**
 * Every corpus file through reader, parser and mapper: nothing throws, every packet read is accounted for
 * (OK + malformed + unsupported link type + not IP = read), the parse results are self-consistent, and every
 * IP packet fills every layer of its version in every direction with values of the right types.
 */
class CorpusParseTest {

    @Test
    void everyPacketIsAccountedFor() {
        List<Path> files = Corpus.captures();
        PacketParser parser = new PacketParser();
        ParsedPacket p = new ParsedPacket();
        IncomingValuesMapper mapper = new IncomingValuesMapper();
        Map<Layer, IncomingValues> values = new EnumMap<>(Layer.class);
        for (Layer l : Layer.values()) {
            values.put(l, new ArrayIncomingValues(l));
        }
        long read = 0;
        long fills = 0;
        int rejected = 0;
        int stopped = 0;
        Map<PacketStatus, Long> statuses = new EnumMap<>(PacketStatus.class);
        Map<Malformation, Long> malformed = new EnumMap<>(Malformation.class);
        Map<Malformation, String> examples = new EnumMap<>(Malformation.class);
        Map<Integer, long[]> unsupported = new TreeMap<>();
        Map<String, Long> notIp = new TreeMap<>();
        Map<Integer, Long> linkTypes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            try (CaptureReader r = CaptureReader.open(file)) {
                if (r.rejected()) {
                    rejected++;
                    problems.add(r.problemLine());
                    continue;
                }
                Map<Integer, Boolean> unsupportedHere = new TreeMap<>();
                long fileRead = 0;
                long fileAccounted = 0;
                while (r.next()) {
                    Frame f = r.frame();
                    fileRead++;
                    try {
                        parser.parse(f, p);
                        linkTypes.merge(f.linkType(), 1L, Long::sum);
                        statuses.merge(p.status(), 1L, Long::sum);
                        switch (p.status()) {
                            case OK:
                            case MALFORMED:
                            case NOT_IP:
                                fileAccounted++;
                                break;
                            case UNSUPPORTED_LINK_TYPE:
                                fileAccounted++;
                                unsupported.computeIfAbsent(f.linkType(), k -> new long[2])[0]++;
                                if (unsupportedHere.put(f.linkType(), true) == null) {
                                    unsupported.get(f.linkType())[1]++;
                                }
                                break;
                            default:
                                break;
                        }
                        if (p.status() == PacketStatus.MALFORMED) {
                            malformed.merge(p.malformation(), 1L, Long::sum);
                            examples.putIfAbsent(p.malformation(), file.getFileName() + " #" + fileRead);
                        }
                        if (p.status() == PacketStatus.NOT_IP) {
                            notIp.merge(LinkType.name(f.linkType()) + String.format(" 0x%04x", p.linkProtocol()), 1L,
                                    Long::sum);
                        }
                        String bad = inconsistency(p);
                        if (bad != null) {
                            failures.add(file.getFileName() + " packet " + fileRead + ": " + bad);
                        }
                        if (p.hasAddresses()) {
                            IpVersion v = p.ipVersion() == 4 ? IpVersion.V4 : IpVersion.V6;
                            for (Layer l : Layer.values()) {
                                if (l.ipVersion() == v) {
                                    for (PacketDirection d : PacketDirection.values()) {
                                        if (!mapper.fill(values.get(l), p, d, 1, 0)) {
                                            failures.add(file.getFileName() + " packet " + fileRead + ": no fill");
                                        }
                                        fills++;
                                    }
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        failures.add(file.getFileName() + " packet " + fileRead + ": " + e);
                    }
                }
                if (r.endReason() != null) {
                    stopped++;
                    problems.add(r.problemLine());
                }
                read += fileRead;
                assertEquals(fileRead, r.packets(), file.toString());
                assertEquals(fileRead, fileAccounted, file + ": every packet is OK, malformed, unsupported or not IP");
            }
        }
        long sum = 0;
        for (long n : statuses.values()) {
            sum += n;
        }
        StringBuilder s = new StringBuilder();
        s.append("corpus through reader + parser + mapper: ").append(files.size()).append(" files, ")
                .append(files.size() - rejected).append(" read, ").append(rejected).append(" rejected, ")
                .append(stopped).append(" stopped early\n");
        s.append("  packets read: ").append(read).append(" = ").append(statuses).append('\n');
        s.append("  malformed by reason: ").append(malformed).append('\n');
        s.append("  a malformed example of each: ").append(examples).append('\n');
        s.append("  unsupported link types (packets, files):");
        for (Map.Entry<Integer, long[]> e : unsupported.entrySet()) {
            s.append(' ').append(LinkType.describe(e.getKey())).append(" (").append(e.getValue()[0]).append(", ")
                    .append(e.getValue()[1]).append(')');
        }
        s.append('\n');
        s.append("  not IP (link type, protocol): ").append(notIp).append('\n');
        s.append("  link types seen: ").append(linkTypes).append('\n');
        s.append("  incoming-values fills: ").append(fills).append('\n');
        for (String line : problems) {
            s.append("    ").append(line).append('\n');
        }
        for (String line : failures) {
            s.append("    FAIL ").append(line).append('\n');
        }
        Corpus.report("corpus-parse.txt", s.toString());
        assertEquals(read, sum);
        assertTrue(failures.isEmpty(),
                failures.size() + " failures; first: " + (failures.isEmpty() ? "" : failures.get(0)));
    }

    /** What a parse result must never say, or null. */
    static String inconsistency(ParsedPacket p) {
        int end = p.offset() + p.length();
        if (p.status() == PacketStatus.OK && (!p.networkOk() || !p.transportOk() || p.malformation() != null)) {
            return "OK but not all layers intact";
        }
        if (p.status() == PacketStatus.MALFORMED && p.malformation() == null) {
            return "MALFORMED without a reason";
        }
        if (p.transportOk() && !p.networkOk() || p.networkOk() && !p.hasAddresses()) {
            return "transport intact without network, or network without addresses";
        }
        if (p.networkOk() && (p.networkOffset() < p.offset() || p.networkOffset() + p.networkHeaderLength() > end)) {
            return "network header outside the frame";
        }
        if (p.transportOffset() > end || p.payloadOffset() > end) {
            return "transport or payload offset beyond the frame";
        }
        if (p.hasPorts() && (p.transportOffset() < 0 || p.laterFragment())) {
            return "ports without a transport header";
        }
        if (p.laterFragment() && !p.fragment()) {
            return "a later fragment that is no fragment";
        }
        if (p.capturedPayloadLength() < 0 || p.payloadLength() < 0) {
            return "negative payload length";
        }
        if (p.icmpError() && !p.icmp()) {
            return "ICMP error that is not ICMP";
        }
        if (p.embedded().ok() && (p.embedded().offset() < p.offset() || p.embedded().offset() >= end)) {
            return "quoted packet outside the frame";
        }
        return null;
    }
}
