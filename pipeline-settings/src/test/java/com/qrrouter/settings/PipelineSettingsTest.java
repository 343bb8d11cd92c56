package com.qrrouter.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineSettingsTest {

    @Test
    void queueVisibilityTimeout_whenDerived_isAtLeastSixFunctionTimeouts() {
        assertThat(PipelineSettings.QUEUE_VISIBILITY_TIMEOUT)
                .isGreaterThanOrEqualTo(PipelineSettings.FUNCTION_TIMEOUT.multipliedBy(6));
    }

    @Test
    void deadLetterQueueRetention_whenCompared_outlivesTheQueue() {
        assertThat(PipelineSettings.DEAD_LETTER_QUEUE_RETENTION).isGreaterThan(PipelineSettings.QUEUE_RETENTION);
        assertThat(PipelineSettings.MAX_RECEIVE_COUNT).isGreaterThanOrEqualTo(5);
    }

    @Test
    void fullScope_whenBuilt_isResourceServerSlashScope() {
        assertThat(PipelineSettings.FULL_SCOPE).isEqualTo("qr-router/sendqrcode");
    }

    @Test
    void topicPrefix_whenStageIsValid_endsWithSlash() {
        assertThat(PipelineSettings.topicPrefix("stag")).isEqualTo("qr-router/stag/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Stag", "st/ag", "st+", "1dev", "averyveryverylongstage"})
    void topicPrefix_whenStageIsInvalid_throwsWithAdvice(String stage) {
        assertThatThrownBy(() -> PipelineSettings.topicPrefix(stage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case letters and digits");
    }

    @Test
    void topicPrefix_whenStageIsNull_throws() {
        assertThatThrownBy(() -> PipelineSettings.topicPrefix(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
