package com.qrrouter.infra.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CapacityModelMainTest {

    @Test
    void run_whenSeveralTargets_printsASummaryLineAndTheTablesOfEach() {
        String out = CapacityModelMain.run(new String[] {"--scans-per-second", "10,1000", "--existing-tables"});
        assertThat(out).contains("## Summary", "## 10 scans/s", "## 1000 scans/s");
        // 1,000 scans/s, peak 3,000, tables warm: the API account throttle (10,000) has the least headroom, 3.33×
        assertThat(out)
                .contains("| 1,000 | 3,000 |")
                .contains("API Gateway requests/s: API Gateway throttle per account and Region (3.33×)");
        assertThat(out).contains("| **total** |");
    }

    @Test
    void run_whenOptionsChangeInputs_usesThem() {
        String out = CapacityModelMain.run(new String[] {
            "--scans-per-second=10", "--device-topics", "1", "--peak-to-average", "2", "--existing-tables"
        });
        // peak 10 × 2 = 20 scans/s, 99 % routed = 19.8 publishes/s on one connection of 100: 5.05×
        assertThat(out)
                .contains("IoT Core publishes/s to one device connection: IoT Core publish requests per connection"
                        + " (in + out) (5.05×)");
    }

    @Test
    void run_whenRecommendProd_printsTheSettings() {
        String out = CapacityModelMain.run(new String[] {"--recommend-prod"});
        assertThat(out).contains("## Prod recommendation", "Design target: 400 scans/s");
    }

    @Test
    void run_whenNoTarget_saysWhatToGive() {
        assertThatThrownBy(() -> CapacityModelMain.run(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Give --scans-per-second N");
    }

    @Test
    void run_whenAnOptionIsUnknownMissingOrNotANumber_namesIt() {
        assertThatThrownBy(() -> CapacityModelMain.run(new String[] {"--scans-per-second", "10", "--scans", "5"}))
                .hasMessageContaining("Unknown options: '--scans'");
        assertThatThrownBy(() -> CapacityModelMain.run(new String[] {"--scans-per-second"}))
                .hasMessageContaining("Missing required parameter for option '--scans-per-second'");
        assertThatThrownBy(() -> CapacityModelMain.run(new String[] {"--scans-per-second", "ten"}))
                .hasMessageContaining("Invalid value for option '--scans-per-second'")
                .hasMessageContaining("'ten' is not a double");
        assertThatThrownBy(
                        () -> CapacityModelMain.run(new String[] {"--scans-per-second", "10", "--source-ips", "2.5"}))
                .hasMessageContaining("Invalid value for option '--source-ips': '2.5' is not an int");
        assertThatThrownBy(() -> CapacityModelMain.run(new String[] {"500"}))
                .hasMessageContaining("Unmatched argument at index 0: '500'");
        assertThatThrownBy(() ->
                        CapacityModelMain.run(new String[] {"--headroom", "2", "--headroom", "3", "--recommend-prod"}))
                .hasMessageContaining("should be specified only once");
    }

    @Test
    void run_whenAValueIsOutOfRange_passesTheModelsMessageOn() {
        assertThatThrownBy(() -> CapacityModelMain.run(new String[] {"--scans-per-second", "0"}))
                .hasMessageContaining("scans per second (--scans-per-second) is 0");
    }

    @Test
    void run_whenHelp_printsTheUsage() {
        assertThat(CapacityModelMain.run(new String[] {"--help"})).contains("--records-per-invocation");
    }
}
