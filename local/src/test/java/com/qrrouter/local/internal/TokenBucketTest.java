package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void tryAcquire_whenBurstIsUsedUp_refusesUntilRefilled() {
        TokenBucket bucket = new TokenBucket(2, 3, nanos::get);

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        nanos.addAndGet(499_000_000L);
        assertThat(bucket.tryAcquire()).isFalse();
        nanos.addAndGet(1_000_000L);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void tryAcquire_whenIdleForLong_holdsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 2, nanos::get);

        nanos.addAndGet(60_000_000_000L);

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void constructor_whenRateOrBurstIsNotPositive_explains() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, nanos::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive rate");
        assertThatThrownBy(() -> new TokenBucket(1, 0, nanos::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst of at least 1");
    }
}
