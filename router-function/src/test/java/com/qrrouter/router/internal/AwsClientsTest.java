package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.AwsOverrides;
import com.qrrouter.router.RouterSettings;
import com.qrrouter.settings.RouterEnvironment;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.ScheduledExecutorUtils;

class AwsClientsTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
        System.clearProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
        } else {
            System.setProperty(AwsClients.MAX_CONNECTIONS_PROPERTY, saved);
        }
    }

    @Test
    void keepConnectionsAlive_whenUnset_keepsTwiceTheConcurrencyAlive() {
        AwsClients.keepConnectionsAlive(10);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("20");
    }

    @Test
    void keepConnectionsAlive_whenLowConcurrency_keepsTheJdkDefaultOfFive() {
        AwsClients.keepConnectionsAlive(1);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("5");
    }

    @Test
    void keepConnectionsAlive_whenSetExplicitly_leavesItAlone() {
        System.setProperty(AwsClients.MAX_CONNECTIONS_PROPERTY, "3");

        AwsClients.keepConnectionsAlive(10);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("3");
    }

    @Test
    void timeoutScheduler_whenACallEndsBeforeItsTimeout_dropsTheTimeoutAtOnce() {
        ScheduledThreadPoolExecutor scheduler = AwsClients.timeoutScheduler();
        try {
            ScheduledFuture<?> timeout = scheduler.schedule(() -> {}, 8, TimeUnit.SECONDS);

            timeout.cancel(false);

            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void timeoutScheduler_whenATimeoutIsDue_firesItOnADaemonThread() throws Exception {
        ScheduledThreadPoolExecutor scheduler = AwsClients.timeoutScheduler();
        try {
            ScheduledFuture<Thread> fired = scheduler.schedule(Thread::currentThread, 10, TimeUnit.MILLISECONDS);

            Thread thread = fired.get(5, TimeUnit.SECONDS);

            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).startsWith("sdk-timeouts-");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void create_whenBuilt_givesEveryClientTheSharedTimeoutScheduler() {
        RouterSettings settings = RouterSettings.fromEnvironment(RouterEnvironment.builder()
                .routesTableName("routes")
                .idempotencyTableName("idempotency")
                .deadLetterQueueUrl("https://sqs.eu-west-1.amazonaws.com/000000000000/dlq")
                .sourceQueueUrl("https://sqs.eu-west-1.amazonaws.com/000000000000/messages")
                .topicPrefix("qr-router/test/")
                .iotDataEndpoint("https://example-ats.iot.eu-west-1.amazonaws.com")
                .build());
        try (AwsClients clients = AwsClients.create(
                settings,
                new AwsOverrides(
                        null,
                        null,
                        Region.EU_WEST_1,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret"))))) {
            var dynamoDb = clients.dynamoDb().serviceClientConfiguration().overrideConfiguration();
            var sqs = clients.sqs().serviceClientConfiguration().overrideConfiguration();
            var iot = clients.iot().serviceClientConfiguration().overrideConfiguration();

            // The SDK hands each client the scheduler wrapped, so that closing a client does not shut it down.
            ScheduledExecutorService scheduler = unwrap(dynamoDb.scheduledExecutorService());
            assertThat(scheduler).isInstanceOf(ScheduledThreadPoolExecutor.class);
            assertThat(((ScheduledThreadPoolExecutor) scheduler).getRemoveOnCancelPolicy())
                    .isTrue();
            assertThat(unwrap(sqs.scheduledExecutorService())).isSameAs(scheduler);
            assertThat(unwrap(iot.scheduledExecutorService())).isSameAs(scheduler);
            assertThat(dynamoDb.apiCallTimeout()).contains(AwsClients.API_CALL_TIMEOUT);
            assertThat(iot.apiCallTimeout()).contains(AwsClients.API_CALL_TIMEOUT);
        }
    }

    private static ScheduledExecutorService unwrap(Optional<ScheduledExecutorService> scheduler) {
        assertThat(scheduler).isPresent();
        return ScheduledExecutorUtils.unwrapUnmanagedScheduledExecutor(scheduler.get());
    }
}
