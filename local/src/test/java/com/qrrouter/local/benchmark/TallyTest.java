package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {

    /** Ten scans, every fifth (4 and 9) for the client without a route. */
    private static final List<Scans.Scan> SCANS = Scans.create("t", 10, 20, LocalDateTime.of(2026, 11, 30, 0, 0));

    private static Tally allAccepted() {
        Tally tally = new Tally(SCANS);
        SCANS.forEach(scan -> tally.accepted(scan.index()));
        return tally;
    }

    private static void deliverRouted(Tally tally) {
        SCANS.stream().filter(Scans.Scan::routed).forEach(scan -> tally.delivered(tally.indexOf(scan.body())));
    }

    @Test
    void result_whenRoutedDeliveredAndUnroutedParked_passes() {
        Tally tally = allAccepted();
        deliverRouted(tally);
        assertThat(tally.parked(SCANS.get(4).body())).isTrue();
        assertThat(tally.parked(SCANS.get(9).body())).isTrue();

        Tally.Result result = tally.result();

        assertThat(result.posted()).isEqualTo(10);
        assertThat(result.accepted()).isEqualTo(10);
        assertThat(result.delivered()).isEqualTo(8);
        assertThat(result.parked()).isEqualTo(2);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void result_whenAcceptedScanNeverArrives_countsItLostAndFails() {
        Tally tally = allAccepted();
        deliverRouted(tally);
        tally.parked(SCANS.get(4).body());

        Tally.Result result = tally.result();

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.lost()).isEqualTo(result.accepted() - result.delivered() - result.parked());
        assertThat(result.passed()).isFalse();
    }

    @Test
    void result_whenScanArrivesThreeTimes_countsTwoDuplicatesAndFails() {
        Tally tally = allAccepted();
        deliverRouted(tally);
        tally.parked(SCANS.get(4).body());
        tally.parked(SCANS.get(9).body());
        assertThat(tally.delivered(0)).isEqualTo(2);
        assertThat(tally.delivered(0)).isEqualTo(3);

        Tally.Result result = tally.result();

        assertThat(result.delivered()).isEqualTo(8);
        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(tally.deliveriesSoFar()).isEqualTo(10);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void result_whenRoutedScanParkedInsteadOfDelivered_isNotLostButFails() {
        Tally failing = allAccepted();
        SCANS.stream()
                .filter(scan -> scan.routed() && scan.index() != 0)
                .forEach(scan -> failing.delivered(scan.index()));
        failing.parked(SCANS.get(0).body());
        failing.parked(SCANS.get(4).body());
        failing.parked(SCANS.get(9).body());

        Tally.Result result = failing.result();

        assertThat(result.lost()).isZero();
        assertThat(result.routedParked()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void result_whenUnroutedScanDelivered_fails() {
        Tally tally = allAccepted();
        SCANS.forEach(scan -> tally.delivered(scan.index()));

        Tally.Result result = tally.result();

        assertThat(result.unroutedDelivered()).isEqualTo(2);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void result_whenParkedTwiceOrDeliveredAndParked_fails() {
        Tally twice = allAccepted();
        deliverRouted(twice);
        twice.parked(SCANS.get(4).body());
        twice.parked(SCANS.get(4).body());
        twice.parked(SCANS.get(9).body());
        assertThat(twice.result().parkedTwice()).isEqualTo(1);
        assertThat(twice.result().passed()).isFalse();

        Tally both = allAccepted();
        deliverRouted(both);
        both.parked(SCANS.get(4).body());
        both.parked(SCANS.get(9).body());
        both.parked(SCANS.get(0).body());
        assertThat(both.result().deliveredAndParked()).isEqualTo(1);
        assertThat(both.result().passed()).isFalse();
    }

    @Test
    void result_whenApiRefuses_countsByReasonAndNotAsLost() {
        Tally tally = new Tally(SCANS);
        tally.refused(0, "HTTP 429");
        tally.refused(1, "HTTP 429");
        tally.refused(2, "HttpTimeoutException");
        tally.accepted(3);
        tally.delivered(3);

        Tally.Result result = tally.result();

        assertThat(result.posted()).isEqualTo(4);
        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.refused()).isEqualTo(Map.of("HTTP 429", 2L, "HttpTimeoutException", 1L));
        assertThat(result.throttled()).isEqualTo(2);
        assertThat(result.lost()).isZero();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void result_whenRefusedScanArrivesAnyway_saysSo() {
        Tally tally = new Tally(SCANS);
        tally.refused(0, "HttpTimeoutException");
        tally.delivered(0);

        assertThat(tally.result().refusedButArrived()).isEqualTo(1);
    }

    @Test
    void indexOf_whenBodyIsNoScanOrDiffersByOneByte_isMinusOne() {
        Tally tally = new Tally(SCANS);

        assertThat(tally.indexOf(SCANS.get(3).body())).isEqualTo(3);
        assertThat(tally.indexOf(SCANS.get(3).body() + " ")).isEqualTo(-1);
        assertThat(tally.parked("{}")).isFalse();
    }

    @Test
    void constructor_whenTwoScansShareABody_isRefused() {
        Scans.Scan scan = SCANS.getFirst();

        assertThatThrownBy(() -> new Tally(List.of(scan, new Scans.Scan(1, scan.body(), true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("body of another scan");
    }
}
