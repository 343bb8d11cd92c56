package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.schema.QrMessageSchema;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScansTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime FIRST = LocalDateTime.of(2026, 2, 28, 23, 59, 0);

    @Test
    void create_whenMany_everyScanIsValidAndUniqueByQrCodeAndTime() throws Exception {
        List<Scans.Scan> scans = Scans.create("lb1a2b", 500, 10, FIRST);

        Set<String> qrCodes = new HashSet<>();
        Set<String> times = new HashSet<>();
        for (Scans.Scan scan : scans) {
            assertThat(QrMessageSchema.v1()
                            .validate(scan.body().getBytes(StandardCharsets.UTF_8))
                            .errors())
                    .as("scan %d", scan.index())
                    .isEmpty();
            JsonNode body = JSON.readTree(scan.body());
            qrCodes.add(body.get("QRCode").asText());
            times.add(body.get("Time").asText());
        }
        assertThat(qrCodes).hasSize(500);
        assertThat(times).hasSize(500).contains("20260228T235900", "20260301T000000");
    }

    @Test
    void create_whenUnroutedPercent_spreadsExactlyThatShareOverTheRun() throws Exception {
        List<Scans.Scan> scans = Scans.create("run", 200, 5, FIRST);

        List<Scans.Scan> unrouted =
                scans.stream().filter(scan -> !scan.routed()).toList();
        assertThat(unrouted).hasSize(10);
        assertThat(unrouted.getFirst().index()).isEqualTo(19);
        assertThat(unrouted.getLast().index()).isEqualTo(199);
        for (Scans.Scan scan : scans) {
            assertThat(JSON.readTree(scan.body()).get("ClientID").asText())
                    .isEqualTo(scan.routed() ? Scans.ROUTED_CLIENT_ID : Scans.UNROUTED_CLIENT_ID);
        }
    }

    @Test
    void create_whenNoneOrAllUnrouted_honoursTheBounds() {
        assertThat(Scans.create("r", 50, 0, FIRST)).allMatch(Scans.Scan::routed);
        assertThat(Scans.create("r", 50, 100, FIRST)).noneMatch(Scans.Scan::routed);
    }

    @Test
    void create_whenPercentOutOfRange_saysWhatIsAllowed() {
        assertThatThrownBy(() -> Scans.create("r", 10, 101, FIRST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..100");
    }

    @Test
    void create_whenRunIdCouldBreakTheBody_isRefused() {
        assertThatThrownBy(() -> Scans.create("a\"b", 1, 0, FIRST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits and '-'");
    }
}
