package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.infra.internal.SqsIntegrationTemplates;
import com.qrrouter.infra.internal.SqsIntegrationTemplates.CallerClient;
import com.qrrouter.schema.Examples;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the integration's VTL mapping templates with Velocity (the engine API Gateway's templates are written for),
 * with {@code $util}, {@code $input} and {@code $context} behaving as API Gateway documents them, and decodes the
 * resulting SendMessage form as SQS does.
 */
class SqsIntegrationTemplatesTest {

    private static final String SEED_MESSAGE = Examples.valid("01-seed-sample").text();
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API Gateway's request time of the rendered requests, epoch milliseconds. */
    private static final long REQUEST_TIME_EPOCH = 1_765_000_123_456L;

    private static final String DEMO_CLIENT_ID = "4k2demo0client0id0aaaaaaaa";
    private static final String VENDOR_OLD_CLIENT_ID = "7vendor0generation0one0aaa";
    private static final String VENDOR_NEW_CLIENT_ID = "9vendor0generation0two0aaa";
    /** Two teams, one of them rotating (two clients), as MessageApi builds them from the declared teams. */
    private static final List<CallerClient> CALLERS = List.of(
            new CallerClient(DEMO_CLIENT_ID, "demo-team"),
            new CallerClient(VENDOR_OLD_CLIENT_ID, "door-vendor"),
            new CallerClient(VENDOR_NEW_CLIENT_ID, "door-vendor"));

    private static final String SEND_MESSAGE_REQUEST = SqsIntegrationTemplates.sendMessageRequest(CALLERS);

    @Test
    void sendMessageRequest_whenSeedMessage_carriesTheBodyByteExact() {
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, SEED_MESSAGE));

        assertThat(form.get("Action")).isEqualTo("SendMessage");
        assertThat(form.get("MessageBody")).isEqualTo(SEED_MESSAGE);
        assertThat(form.get("MessageBody")).contains("vwWT)Np=+6-vGzTiopED");
    }

    @Test
    void sendMessageRequest_whenSeedTemplateWithoutEncoding_wouldCorruptTheQrCode() {
        // The seed's template: proves this test notices a missing $util.urlEncode.
        Map<String, String> form = decodeForm(render("Action=SendMessage&MessageBody=$input.body", SEED_MESSAGE));

        assertThat(form.get("MessageBody")).isNotEqualTo(SEED_MESSAGE).contains("vwWT)Np= 6-vGzTiopED");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a&b=c+d%20e",
                "https://example.com/x?y=1&z=2#frag",
                "Grüße ✓ 😀 100%",
                "quote\\\"and\\\\backslash",
                "   leading and trailing   "
            })
    void sendMessageRequest_whenQrCodeHasFormSyntax_keepsEveryByte(String qrCode) {
        // The QR code as JSON text (the cases hold escapes), put into the example as it is.
        String body = Examples.valid("02-required-only")
                .withJson("QRCode", "\"" + qrCode + "\"")
                .text();
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, body));

        assertThat(form.get("MessageBody")).isEqualTo(body);
        assertThat(form.get("MessageBody").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendMessageRequest_whenBodyIsPrettyPrinted_keepsItsWhitespaceAndLineBreaks() {
        String body = "{\n  \"ClientID\" : \"DemoClient\",\r\n\t\"QRCode\":\"vwWT)Np=+6-vGzTiopED\",\n"
                + "  \"Time\":\"20231201T231010\", \"STATE\":\"ACTIVE\"\n}\n";
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, body));

        assertThat(form.get("MessageBody")).isEqualTo(body);
        assertThat(form.get("MessageAttribute.2.Value.StringValue")).isEqualTo("DemoClient");
    }

    @Test
    void sendMessageRequest_whenRendered_addsCorrelationIdAndClientIdAttributes() {
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, SEED_MESSAGE));

        assertThat(form)
                .containsEntry("MessageAttribute.1.Name", "CorrelationId")
                .containsEntry("MessageAttribute.1.Value.DataType", "String")
                .containsEntry("MessageAttribute.1.Value.StringValue", REQUEST_ID)
                .containsEntry("MessageAttribute.2.Name", "ClientID")
                .containsEntry("MessageAttribute.2.Value.DataType", "String")
                .containsEntry("MessageAttribute.2.Value.StringValue", "DemoClient");
        assertThat(form).hasSize(14);
    }

    @ParameterizedTest
    @CsvSource({
        DEMO_CLIENT_ID + ", demo-team",
        VENDOR_OLD_CLIENT_ID + ", door-vendor",
        VENDOR_NEW_CLIENT_ID + ", door-vendor"
    })
    void sendMessageRequest_whenCallerIsADeclaredClient_addsItsTeamAsCallerTeam(String clientId, String team) {
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, SEED_MESSAGE, clientId, Map.of()));

        assertThat(form)
                .containsEntry("MessageAttribute.3.Name", "CallerTeam")
                .containsEntry("MessageAttribute.3.Value.DataType", "String")
                .containsEntry("MessageAttribute.3.Value.StringValue", team);
        assertThat(form.get("Action")).as("nothing before the form").isEqualTo("SendMessage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1someone0else0created0this", "", "4k2demo0client0id0aaaaaaaX"})
    void sendMessageRequest_whenCallerIsNoDeclaredClient_writesTheUnregisteredMarker(String clientId) {
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, SEED_MESSAGE, clientId, Map.of()));

        assertThat(form).containsEntry("MessageAttribute.3.Value.StringValue", StageTeams.UNREGISTERED);
    }

    @Test
    void sendMessageRequest_whenNoTeamIsDeclared_writesTheUnregisteredMarker() {
        String template = SqsIntegrationTemplates.sendMessageRequest(List.of());
        Map<String, String> form = decodeForm(render(template, SEED_MESSAGE, DEMO_CLIENT_ID, Map.of()));

        assertThat(form)
                .containsEntry("Action", "SendMessage")
                .containsEntry("MessageAttribute.3.Value.StringValue", StageTeams.UNREGISTERED);
    }

    @Test
    void sendMessageRequest_whenRendered_addsAcceptedAtAsTheRequestTimeInMilliseconds() {
        Map<String, String> form = decodeForm(render(SEND_MESSAGE_REQUEST, SEED_MESSAGE));

        assertThat(form)
                .containsEntry("MessageAttribute.4.Name", "AcceptedAt")
                .containsEntry("MessageAttribute.4.Value.DataType", "Number")
                .containsEntry("MessageAttribute.4.Value.StringValue", Long.toString(REQUEST_TIME_EPOCH));
    }

    @Test
    void sendMessageRequest_whenBodyHeadersAndQueryClaimAnotherTeamOrTime_keepsTheAuthorizersOnes() {
        // A body that names a team and carries form syntax, and every header and query parameter set to a spoof.
        String spoof = "&MessageAttribute.3.Value.StringValue=demo-team&MessageAttribute.4.Value.StringValue=1";
        String body = Examples.valid("02-required-only")
                .withJson("QRCode", "\"" + spoof + "\"")
                .withJson("CallerTeam", "\"demo-team\"")
                .withJson("AcceptedAt", "99999999999999")
                .text();
        Map<String, String> form = decodeForm(render(
                SEND_MESSAGE_REQUEST,
                body,
                VENDOR_NEW_CLIENT_ID,
                Map.of(
                        "CallerTeam", "demo-team",
                        "X-Caller-Team", "demo-team",
                        "AcceptedAt", "1",
                        "client_id", DEMO_CLIENT_ID)));

        assertThat(form)
                .containsEntry("MessageAttribute.3.Value.StringValue", "door-vendor")
                .containsEntry("MessageAttribute.4.Value.StringValue", Long.toString(REQUEST_TIME_EPOCH))
                .containsEntry("MessageBody", body)
                .hasSize(14);
        // Nothing the client sends is read for these attributes: no parameter of the request is read at all.
        assertThat(SEND_MESSAGE_REQUEST).doesNotContain("$input.params").doesNotContain("$method.request");
    }

    @Test
    void callerClient_whenTeamIsTheUnregisteredMarkerOrNotAName_isRefused() {
        assertThatThrownBy(() -> new CallerClient("id", StageTeams.UNREGISTERED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallerClient("id", "a')#set($callerTeam = 'x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorTemplates_whenRendered_areJsonWithTheRequestIdAndNoBody() throws Exception {
        for (String template : new String[] {
            SqsIntegrationTemplates.INTERNAL_ERROR,
            SqsIntegrationTemplates.UNAVAILABLE,
            SqsIntegrationTemplates.SQS_CLIENT_ERROR
        }) {
            String rendered = render(template, SEED_MESSAGE);
            ErrorBody error = JSON.readValue(rendered, ErrorBody.class);
            assertThat(error.requestId()).isEqualTo(REQUEST_ID);
            assertThat(error.message()).isNotBlank();
            assertThat(rendered).doesNotContain("vwWT");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Error\":{\"Code\":\"InvalidMessageContents\",\"Message\":\"Invalid binary character '#xFFFE'\","
                        + "\"Type\":\"Sender\"},\"RequestId\":\"r-1\"}",
                "{\"__type\":\"com.amazonaws.sqs#InvalidMessageContents\",\"message\":\"Invalid characters\"}",
                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidMessageContents</Code></Error></ErrorResponse>"
            })
    void sqsClientError_whenSqsRefusedTheMessageContents_answers400WithAReason(String sqsError) throws Exception {
        Map<String, Object> override = new java.util.HashMap<>();
        String rendered = render(SqsIntegrationTemplates.SQS_CLIENT_ERROR, sqsError, override);

        ErrorBody error = JSON.readValue(rendered, ErrorBody.class);
        assertThat(override).doesNotContainKey("status");
        assertThat(error.message()).isEqualTo(SqsIntegrationTemplates.CONTENT_REFUSED_MESSAGE);
        assertThat(error.requestId()).isEqualTo(REQUEST_ID);
        assertThat(rendered).doesNotContain("xFFFE").doesNotContain("Sender");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Error\":{\"Code\":\"KMS.AccessDeniedException\",\"Type\":\"Sender\"}}",
                "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"no queue\"}",
                ""
            })
    void sqsClientError_whenSqsRefusedForAnotherReason_overridesTheStatusTo500(String sqsError) throws Exception {
        Map<String, Object> override = new java.util.HashMap<>();
        String rendered = render(SqsIntegrationTemplates.SQS_CLIENT_ERROR, sqsError, override);

        assertThat(override).containsEntry("status", 500);
        ErrorBody error = JSON.readValue(rendered, ErrorBody.class);
        assertThat(error.message()).isEqualTo("The message could not be queued");
        assertThat(error.requestId()).isEqualTo(REQUEST_ID);
        assertThat(rendered).doesNotContain("KMS").doesNotContain("no queue");
    }

    @Test
    void sendMessageResult_whenRendered_passesTheSqsResultThrough() throws Exception {
        String sqsResult = "{\"SendMessageResponse\":{\"ResponseMetadata\":{\"RequestId\":\"r-1\"},"
                + "\"SendMessageResult\":{\"MD5OfMessageBody\":\"abc\",\"MessageId\":\"m-1\"}}}";
        JsonNode rendered = JSON.readTree(render(SqsIntegrationTemplates.SEND_MESSAGE_RESULT, sqsResult));

        // All of it, the message id m-1 included.
        assertThat(rendered).isEqualTo(JSON.readTree(sqsResult));
    }

    private static String render(String template, String body) {
        return render(template, body, new java.util.HashMap<>());
    }

    /** {@code responseOverride} receives what the template sets in {@code $context.responseOverride}. */
    private static String render(String template, String body, Map<String, Object> responseOverride) {
        return render(template, body, DEMO_CLIENT_ID, Map.of(), responseOverride);
    }

    /** As a token of {@code callerClientId} would be; {@code params} is every header and query parameter. */
    private static String render(String template, String body, String callerClientId, Map<String, String> params) {
        return render(template, body, callerClientId, params, new java.util.HashMap<>());
    }

    private static String render(
            String template,
            String body,
            String callerClientId,
            Map<String, String> params,
            Map<String, Object> responseOverride) {
        VelocityEngine engine = new VelocityEngine();
        engine.init();
        VelocityContext context = new VelocityContext();
        context.put("util", new Util());
        context.put("input", new Input(body, params));
        context.put(
                "context",
                Map.of(
                        "requestId",
                        REQUEST_ID,
                        "requestTimeEpoch",
                        REQUEST_TIME_EPOCH,
                        "authorizer",
                        Map.of("claims", Map.of("client_id", callerClientId)),
                        "responseOverride",
                        responseOverride));
        StringWriter out = new StringWriter();
        engine.evaluate(context, out, "mapping-template", template);
        return out.toString();
    }

    /** Decodes an application/x-www-form-urlencoded body as SQS does. */
    private static Map<String, String> decodeForm(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** {@code $util} of API Gateway: urlEncode is application/x-www-form-urlencoded in UTF-8. */
    public static final class Util {
        public String urlEncode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** {@code $input} of API Gateway: the raw body, JSONPath reads of it, JSON of it, and the request parameters. */
    public static final class Input {
        private final String body;
        private final Map<String, String> params;

        Input(String body, Map<String, String> params) {
            this.body = body;
            this.params = params;
        }

        /** {@code $input.params('name')}: a header, query or path parameter of the request. */
        public String params(String name) {
            return params.getOrDefault(name, "");
        }

        /** {@code $input.params()}: every parameter. */
        public Map<String, String> params() {
            return params;
        }

        public String getBody() {
            return body;
        }

        /** {@code $input.path('$.Field')}: the value of a top-level field. */
        public Object path(String jsonPath) throws Exception {
            JsonNode node = select(jsonPath);
            return node.isValueNode() ? node.asText() : node;
        }

        /** {@code $input.json('$')}: the selected part as JSON text. */
        public String json(String jsonPath) throws Exception {
            return JSON.writeValueAsString(select(jsonPath));
        }

        private JsonNode select(String jsonPath) throws Exception {
            JsonNode root = JSON.readTree(body);
            if (jsonPath.equals("$")) {
                return root;
            }
            if (!jsonPath.startsWith("$.")) {
                throw new IllegalArgumentException("only $ and $.field are needed here: " + jsonPath);
            }
            return root.path(jsonPath.substring(2));
        }
    }
}
