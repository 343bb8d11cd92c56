package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryDelayTest {

    private final RetryDelay delay = new RetryDelay(Duration.ofSeconds(60), new Random(7));

    private Set<Long> secondsAfter(RetryDelay policy, int receiveCount) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(policy.after(receiveCount).toSeconds());
        }
        return seen;
    }

    @Test
    void after_whenReceivesGrow_growsFromOneSecondAndJitters() {
        assertThat(secondsAfter(delay, 1)).containsExactly(1L);
        assertThat(secondsAfter(delay, 2)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(secondsAfter(delay, 3)).containsExactlyInAnyOrder(2L, 3L, 4L);
        assertThat(secondsAfter(delay, 4)).containsExactlyInAnyOrder(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void after_whenManyReceives_staysAtTheCapWellBelowTheAgeLimit() {
        assertThat(delay.cap()).isEqualTo(RetryDelay.MAX_DELAY);
        assertThat(secondsAfter(delay, 40))
                .allSatisfy(seconds -> assertThat(seconds).isBetween(4L, 8L));
        assertThat(secondsAfter(delay, 0)).containsExactly(1L);
    }

    @Test
    void cap_whenTheAgeLimitIsShort_isAQuarterOfItButAtLeastOneSecond() {
        assertThat(new RetryDelay(Duration.ofSeconds(12), new Random()).cap()).isEqualTo(Duration.ofSeconds(3));
        assertThat(new RetryDelay(Duration.ofSeconds(1), new Random()).cap()).isEqualTo(Duration.ofSeconds(1));
        assertThat(secondsAfter(new RetryDelay(Duration.ofSeconds(12), new Random()), 5))
                .allSatisfy(seconds -> assertThat(seconds).isBetween(2L, 3L));
    }
}
