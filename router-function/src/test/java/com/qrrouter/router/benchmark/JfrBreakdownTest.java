package com.qrrouter.router.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JfrBreakdownTest {

    @Test
    void partOf_whenJdkCryptoRunsUnderTheSigner_isSigning() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "sun.security.provider.SHA2",
                        "java.security.MessageDigest",
                        "software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils",
                        "software.amazon.awssdk.core.internal.http.pipeline.stages.SigningStage",
                        "com.qrrouter.router.internal.IotDataPlanePublisher")))
                .isEqualTo("SDK: SigV4 signing");
    }

    @Test
    void partOf_whenJdkCryptoRunsUnderPowertoolsIdempotency_isIdempotency() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "sun.security.provider.SHA2",
                        "java.security.MessageDigest",
                        "software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore",
                        "com.qrrouter.router.internal.PowertoolsIdempotencyGuard",
                        "com.qrrouter.router.internal.RecordRouter")))
                .startsWith("idempotency");
    }

    @Test
    void partOf_whenJacksonRunsUnderTheSchema_isSchemaValidation() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "com.fasterxml.jackson.core.json.UTF8StreamJsonParser",
                        "com.networknt.schema.Schema",
                        "com.qrrouter.schema.QrMessageSchema",
                        "com.qrrouter.router.internal.RecordRouter")))
                .isEqualTo("schema validation");
    }

    @Test
    void partOf_whenTheSdkCallsTheIdempotencyStoreBack_isTheSdk() {
        // The frame nearest the top decides: the SDK's marshalling under our store is the SDK's work.
        assertThat(JfrBreakdown.partOf(List.of(
                        "software.amazon.awssdk.protocols.json.internal.marshall.JsonProtocolMarshaller",
                        "software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient",
                        "com.qrrouter.router.internal.DynamoDbIdempotencyStore")))
                .isEqualTo("SDK: marshalling and unmarshalling");
    }

    @Test
    void partOf_whenAWorkerParksForItsNextRecord_isAHandOff() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "jdk.internal.misc.Unsafe",
                        "java.util.concurrent.locks.LockSupport",
                        "java.util.concurrent.LinkedBlockingQueue",
                        "java.util.concurrent.ThreadPoolExecutor",
                        "java.lang.Thread")))
                .startsWith("thread hand-offs");
    }

    @Test
    void partOf_whenTheSocketIsWrittenUnderTheUrlConnectionClient_isHttp() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "sun.nio.ch.NioSocketImpl",
                        "java.net.Socket$SocketOutputStream",
                        "sun.net.www.http.HttpClient",
                        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")))
                .startsWith("HTTP client");
    }

    @Test
    void partOf_whenLog4jFormatsALine_isLogging() {
        assertThat(JfrBreakdown.partOf(List.of(
                        "java.lang.AbstractStringBuilder",
                        "org.apache.logging.log4j.layout.template.json.util.JsonWriter",
                        "com.qrrouter.router.SqsBatchRouter")))
                .startsWith("logging");
    }

    @Test
    void partOf_whenOnlyJdkCodeIsOnTheStack_isUnattributed() {
        assertThat(JfrBreakdown.partOf(List.of("java.util.HashMap", "java.lang.ref.Reference")))
                .isEqualTo(JfrBreakdown.UNATTRIBUTED);
        assertThat(JfrBreakdown.partOf(List.of())).isEqualTo(JfrBreakdown.UNATTRIBUTED);
    }

    @Test
    void partOf_whenALibraryWithoutAPartRuns_namesItsPackage() {
        assertThat(JfrBreakdown.partOf(List.of("java.lang.String", "org.apache.commons.lang3.StringUtils")))
                .isEqualTo("other: org.apache.commons.lang3");
    }

    @Test
    void format_whenSamplesCounted_showsEachPartsShare() {
        JfrBreakdown.Breakdown breakdown =
                new JfrBreakdown.Breakdown(new java.util.LinkedHashMap<>(java.util.Map.of("schema validation", 3L)), 4);

        assertThat(breakdown.format())
                .contains("75.0 %")
                .contains("schema validation")
                .contains("3 samples");
    }
}
