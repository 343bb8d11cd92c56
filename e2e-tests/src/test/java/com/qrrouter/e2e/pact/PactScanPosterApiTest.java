package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.annotations.PactDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer pact of an integrating team with the stage's API: writes {@code pacts/scan-poster-qr-router-api.json},
 * verified by {@code PactApiIT} (local stack) and {@code PactApiE2ET} (a deployed stage). The path is relative to
 * the stage's API URL ({@code …/<stage>}), so one pact fits every stage. The example token is not a real one: the
 * provider injects a fresh token for {@link PactContract#VALID_TOKEN}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PactContract.API_PROVIDER, pactVersion = PactSpecVersion.V4)
@PactDirectory(PactContract.PACT_FOLDER)
class PactScanPosterApiTest {

    static final String ROUTED_CLIENT = "PactScanPoster";
    static final String UNROUTED_CLIENT = "PactUnroutedClient";

    private static final String EXAMPLE_TOKEN =
            "eyJraWQiOiJleGFtcGxlIn0.eyJzY29wZSI6InFyLXJvdXRlci9zZW5kcXJjb2RlIn0.c2lnbmF0dXJl";
    /** A token of the right shape that no stage issued (signed by nobody's key). */
    private static final String FOREIGN_TOKEN =
            "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmVpZ24ifQ.eyJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJzY29wZSI6InFyLXJvdXRlci9zZW5kcXJjb2RlIn0.Zm9yZ2Vk";

    private static final String BEARER = "Bearer [A-Za-z0-9._~+/=-]+";
    private static final String PATH = "/postmessagetosqs";
    private static final PactPost.Header JSON = PactPost.Header.exactly("Content-Type", "application/json");
    /** The POST of a scan with a token of the stage (the provider swaps in a fresh one). */
    private static final PactPost WITH_TOKEN =
            PactPost.to(PATH, PactPost.Header.matching("Authorization", BEARER, "Bearer " + EXAMPLE_TOKEN), JSON);

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact queued(PactDslWithProvider builder) {
        return queuedScan(
                builder, PactContract.ROUTE_PRESENT, ROUTED_CLIENT, "pact)=+/QR-7", "a valid scan for a routed client");
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact queuedWithoutRoute(PactDslWithProvider builder) {
        return queuedScan(
                builder,
                PactContract.ROUTE_ABSENT,
                UNROUTED_CLIENT,
                "pact-unrouted",
                "a valid scan for a client without a route (queued all the same, parked later)");
    }

    /** A valid scan of {@code clientId} with a token, given {@code routeState}: queued, with the MD5 of its bytes. */
    private static V4Pact queuedScan(
            PactDslWithProvider builder, String routeState, String clientId, String qrCode, String description) {
        byte[] scan = scan(clientId, qrCode);
        return WITH_TOKEN
                .of(
                        builder.given(PactContract.VALID_TOKEN)
                                .given(routeState, Map.of(PactContract.CLIENT_ID_PARAMETER, clientId))
                                .uponReceiving(description),
                        new String(scan, StandardCharsets.UTF_8))
                .willRespondWith()
                .status(200)
                .body(sendMessageResponse(scan))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact refused(PactDslWithProvider builder) {
        return WITH_TOKEN
                .of(builder.given(PactContract.VALID_TOKEN).uponReceiving("a scan without QRCode"), withoutQrCode())
                .willRespondWith()
                .status(400)
                .body(new PactDslJsonBody()
                        .stringType("message", "Invalid request body")
                        .stringType("requestId", "0b6f3d52-5c8e-4a4f-9d1e-6f0c1a2b3c4d"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact refusedWithCodes(PactDslWithProvider builder) {
        return WITH_TOKEN
                .of(
                        builder.given(PactContract.VALID_TOKEN)
                                .given(PactContract.LISTS_ERROR_CODES)
                                .uponReceiving("a scan without QRCode, refused with the contract's error codes"),
                        withoutQrCode())
                .willRespondWith()
                .status(400)
                .body(new PactDslJsonBody()
                        .stringType("message", "Invalid request body")
                        .stringType("requestId", "0b6f3d52-5c8e-4a4f-9d1e-6f0c1a2b3c4d")
                        .minArrayLike("errors", 1)
                        .stringValue("code", "REQUIRED")
                        .stringValue("pointer", "/QRCode")
                        .stringType("message", "QRCode is required")
                        .closeObject()
                        .closeArray())
                .toPact(V4Pact.class);
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact withoutToken(PactDslWithProvider builder) {
        return PactPost.to(PATH, null, JSON)
                .of(
                        builder.uponReceiving("a scan without a token"),
                        new String(scan(ROUTED_CLIENT, "pact-no-token"), StandardCharsets.UTF_8))
                .willRespondWith()
                .status(401)
                .body(new PactDslJsonBody().stringType("message", "Unauthorized"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact foreignToken(PactDslWithProvider builder) {
        return PactPost.to(PATH, PactPost.Header.exactly("Authorization", "Bearer " + FOREIGN_TOKEN), JSON)
                .of(
                        builder.uponReceiving("a scan with a token the stage did not issue"),
                        new String(scan(ROUTED_CLIENT, "pact-foreign-token"), StandardCharsets.UTF_8))
                .willRespondWith()
                .status(401)
                .body(new PactDslJsonBody().stringType("message", "Unauthorized"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "queued")
    void post_whenScanIsValid_isQueuedWithTheMd5OfTheBytesSent(MockServer api) {
        byte[] scan = scan(ROUTED_CLIENT, "pact)=+/QR-7");

        ScanPoster.Answer answer = poster(api).post(EXAMPLE_TOKEN, scan);

        assertThat(answer).isInstanceOfSatisfying(ScanPoster.Queued.class, queued -> {
            assertThat(queued.messageId()).isNotBlank();
            assertThat(queued.md5OfMessageBody()).isEqualTo(md5(scan));
            assertThat(queued.requestId()).isNotBlank();
        });
    }

    @Test
    @PactTestFor(pactMethod = "queuedWithoutRoute")
    void post_whenClientHasNoRoute_isQueuedAllTheSame(MockServer api) {
        byte[] scan = scan(UNROUTED_CLIENT, "pact-unrouted");

        ScanPoster.Answer answer = poster(api).post(EXAMPLE_TOKEN, scan);

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ScanPoster.Queued.class,
                        queued -> assertThat(queued.md5OfMessageBody()).isEqualTo(md5(scan)));
    }

    @Test
    @PactTestFor(pactMethod = "refused")
    void post_whenQrCodeIsMissing_isRefusedWithAMessageAndRequestId(MockServer api) {
        ScanPoster.Answer answer =
                poster(api).post(EXAMPLE_TOKEN, withoutQrCode().getBytes(StandardCharsets.UTF_8));

        assertThat(answer).isInstanceOfSatisfying(ScanPoster.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.message()).isNotBlank();
            assertThat(refused.requestId()).isNotBlank();
        });
    }

    @Test
    @PactTestFor(pactMethod = "refusedWithCodes")
    void post_whenQrCodeIsMissing_isRefusedWithCodeRequired(MockServer api) {
        ScanPoster.Answer answer =
                poster(api).post(EXAMPLE_TOKEN, withoutQrCode().getBytes(StandardCharsets.UTF_8));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ScanPoster.Refused.class,
                        refused -> assertThat(refused.codes()).containsExactly("REQUIRED"));
    }

    @Test
    @PactTestFor(pactMethod = "withoutToken")
    void post_whenNoToken_isUnauthorized(MockServer api) {
        ScanPoster.Answer answer = poster(api).post(null, scan(ROUTED_CLIENT, "pact-no-token"));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ScanPoster.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    @PactTestFor(pactMethod = "foreignToken")
    void post_whenTokenIsForeign_isUnauthorized(MockServer api) {
        ScanPoster.Answer answer = poster(api).post(FOREIGN_TOKEN, scan(ROUTED_CLIENT, "pact-foreign-token"));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        ScanPoster.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
    }

    /** The answer API Gateway's SQS integration gives; MD5 of the exact bytes posted. */
    private static PactDslJsonBody sendMessageResponse(byte[] scan) {
        return (PactDslJsonBody) new PactDslJsonBody()
                .object("SendMessageResponse")
                .object("ResponseMetadata")
                .stringType("RequestId", "7a62c49f-347e-4fc4-9331-6e8e7a96aa73")
                .closeObject()
                .object("SendMessageResult")
                .uuid("MessageId", "5fea7756-0ea4-451a-a703-a558b933e274")
                .stringMatcher("MD5OfMessageBody", "[0-9a-f]{32}", md5(scan))
                .closeObject()
                .closeObject();
    }

    static byte[] scan(String clientId, String qrCode) {
        return ("{\"ClientID\":\"" + clientId + "\",\"QRCode\":\"" + qrCode + "\",\"Time\":\"20261130T080000\","
                        + "\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String withoutQrCode() {
        return "{\"ClientID\":\"" + ROUTED_CLIENT + "\",\"Time\":\"20261130T080000\",\"STATE\":\"ACTIVE\"}";
    }

    private static ScanPoster poster(MockServer api) {
        return new ScanPoster(URI.create("http://127.0.0.1:1/unused"), URI.create(api.getUrl()), "unused", "unused");
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
