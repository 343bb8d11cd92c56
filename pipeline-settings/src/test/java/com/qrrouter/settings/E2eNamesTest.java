package com.qrrouter.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class E2eNamesTest {

    @Test
    void mqttClientIdPrefix_whenStageValid_isTheProductStageAndE2e() {
        assertThat(E2eNames.mqttClientIdPrefix("stag")).isEqualTo("qr-router-stag-e2e-");
    }

    @Test
    void mqttClientIdPrefix_whenStageInvalid_refuses() {
        assertThatThrownBy(() -> E2eNames.mqttClientIdPrefix("Stag*")).hasMessageContaining("Stage name");
    }

    @Test
    void topicPrefix_whenGivenTheStagePrefix_addsTheE2eLevel() {
        assertThat(E2eNames.topicPrefix(PipelineSettings.topicPrefix("dev"))).isEqualTo("qr-router/dev/e2e/");
        assertThat(E2eNames.topicPrefix("acme/doors/dev/")).isEqualTo("acme/doors/dev/e2e/");
    }

    @Test
    void topicPrefix_whenNoTrailingSlash_refuses() {
        assertThatThrownBy(() -> E2eNames.topicPrefix("qr-router/dev")).hasMessageContaining("ends in '/'");
    }

    @Test
    void routeClientIdPrefix_whenRead_isE2eDash() {
        assertThat(E2eNames.ROUTE_CLIENT_ID_PREFIX).isEqualTo("e2e-");
        assertThat(E2eNames.TOPIC_SEGMENT).isEqualTo("e2e/");
    }
}
