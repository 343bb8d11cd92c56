package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.benchmark.CpuAccount.Role;
import com.qrrouter.local.benchmark.CpuAccount.Used;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The load benchmark's CPU sampling counts dynalite's node process, a descendant of the stack, as a process of its own. */
class CpuSamplerIT {

    @Test
    void stop_whenDynaliteWorkedBelowTheStack_countsItsNodeProcessAsDynalite() {
        // This JVM plays the stack: dynalite is its child, as in the local stack's JVM.
        try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start().createRoutesTable("routes");
                CpuSampler sampler = new CpuSampler(ProcessHandle.current())) {
            sampler.start();
            for (int i = 0; i < 2_000; i++) {
                String clientId = "Client" + i;
                dynamoDb.client()
                        .putItem(b -> b.tableName("routes").item(Map.of("ClientID", AttributeValue.fromS(clientId))));
            }

            List<Used> used = sampler.stop();

            assertThat(used)
                    .filteredOn(entry -> entry.role() == Role.DYNALITE)
                    .singleElement()
                    .satisfies(dynalite -> {
                        assertThat(dynalite.pid()).isEqualTo(dynamoDb.pid());
                        assertThat(dynalite.ticks()).isPositive();
                    });
        }
    }
}
