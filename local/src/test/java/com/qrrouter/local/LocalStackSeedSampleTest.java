package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.schema.Examples;
import org.junit.jupiter.api.Test;

class LocalStackSeedSampleTest {

    @Test
    void seedSample_whenRead_isTheContractsSeedExampleByteForByte() {
        assertThat(LocalStack.SEED_SAMPLE)
                .isEqualTo(Examples.valid("01-seed-sample").text());
    }
}
