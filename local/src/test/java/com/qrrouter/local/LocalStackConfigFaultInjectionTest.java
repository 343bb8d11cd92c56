package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Fault proxies stand in the router's path only when a fault suite asks for them (decision 0421). */
class LocalStackConfigFaultInjectionTest {

    @Test
    void parse_whenStartedLikeRunLocal_hasNoFaultInjection() {
        assertThat(LocalStackMain.parse().faultInjection()).isFalse();
        assertThat(LocalStackConfig.builder().build().faultInjection()).isFalse();
    }

    @Test
    void faultInjection_whenAskedFor_isOn() {
        assertThat(LocalStackConfig.builder().faultInjection(true).build().faultInjection())
                .isTrue();
    }
}
