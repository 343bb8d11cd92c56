package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void line_whenHalfDelivered_fillsHalfTheBar() {
        assertThat(ProgressBar.line("load", 800, 500, 1000, 312))
                .isEqualTo("load  [###############...............] posted 800/1000  delivered 500  312/s   ");
    }

    @Test
    void line_whenDuplicatesPushPastTheTotal_staysFull() {
        assertThat(ProgressBar.line("max", 10, 12, 10, 0)).contains("[" + "#".repeat(30) + "]");
    }
}
