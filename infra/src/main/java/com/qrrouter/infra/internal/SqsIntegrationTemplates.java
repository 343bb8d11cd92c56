package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageTeams;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.List;
import java.util.Objects;

/**
 * The API Gateway mapping templates (VTL) of the {@code POST /postmessagetosqs} integration with SQS
 * {@code SendMessage}. Kept as constants so that tests can render them and the local stack can follow them.
 */
public final class SqsIntegrationTemplates {

    /**
     * A caller's app client and its team: the mapping template writes {@code team} as {@code CallerTeam} for a token
     * of {@code clientId}.
     *
     * @param clientId the app client id; in the stack, the client's {@code Ref} token, so that a recreated client
     *     keeps its team and an old client id maps to none
     * @param team the team name ({@link StageTeams#TEAM_NAME}: nothing in it needs escaping in a VTL literal)
     */
    public record CallerClient(String clientId, String team) {

        public CallerClient {
            Objects.requireNonNull(clientId, "CallerClient.clientId");
            if (team == null || !StageTeams.TEAM_NAME.matcher(team).matches() || team.equals(StageTeams.UNREGISTERED)) {
                throw new IllegalArgumentException("'" + team + "' is not a declared team name (StageTeams.TEAM_NAME)");
            }
            if (clientId.indexOf('\'') >= 0) {
                throw new IllegalArgumentException("An app client id holds no quote: " + clientId);
            }
        }
    }

    /**
     * Request template: an SQS query-protocol {@code SendMessage} form. Every value is URL-encoded: the seed put the
     * raw body into the form, so {@code +} became a space and {@code =} split the value (its QR code
     * {@code vwWT)Np=+6-vGzTiopED} arrived corrupted). Attributes:
     *
     * <ul>
     *   <li>{@code CorrelationId}: the API request id;
     *   <li>{@code ClientID}: the body's {@code ClientID}, for routing and triage;
     *   <li>{@code CallerTeam}: the team of the caller's app client, from the authorizer's verified claims
     *       ({@code $context.authorizer.claims.client_id}) through an {@code #if/#elseif} chain over {@code callers};
     *       a client that is none of them is {@value StageTeams#UNREGISTERED};
     *   <li>{@code AcceptedAt}: API Gateway's request time, epoch milliseconds ({@code $context.requestTimeEpoch}).
     * </ul>
     *
     * <p>{@code CallerTeam} and {@code AcceptedAt} are built from {@code $context} only: nothing the client sends (body,
     * headers, query string) reaches them, and the body's own characters are URL-encoded, so it cannot add a form
     * field either.
     */
    public static String sendMessageRequest(List<CallerClient> callers) {
        StringBuilder team = new StringBuilder("#set($callerClient = $context.authorizer.claims.client_id)");
        for (int i = 0; i < callers.size(); i++) {
            CallerClient caller = callers.get(i);
            team.append(i == 0 ? "#if(" : "#elseif(")
                    .append("$callerClient == '")
                    .append(caller.clientId())
                    .append("')#set($callerTeam = '")
                    .append(caller.team())
                    .append("')");
        }
        String unregistered = "#set($callerTeam = '" + StageTeams.UNREGISTERED + "')";
        team.append(callers.isEmpty() ? unregistered : "#{else}" + unregistered + "#{end}");
        return team + "Action=SendMessage"
                + "&MessageBody=$util.urlEncode($input.body)"
                + "&MessageAttribute.1.Name=" + MessageAttributes.CORRELATION_ID
                + "&MessageAttribute.1.Value.DataType=String"
                + "&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.requestId)"
                + "&MessageAttribute.2.Name=" + MessageAttributes.CLIENT_ID
                + "&MessageAttribute.2.Value.DataType=String"
                + "&MessageAttribute.2.Value.StringValue=$util.urlEncode($input.path('$.ClientID'))"
                + "&MessageAttribute.3.Name=" + MessageAttributes.CALLER_TEAM
                + "&MessageAttribute.3.Value.DataType=String"
                + "&MessageAttribute.3.Value.StringValue=$util.urlEncode($callerTeam)"
                + "&MessageAttribute.4.Name=" + MessageAttributes.ACCEPTED_AT
                + "&MessageAttribute.4.Value.DataType=Number"
                + "&MessageAttribute.4.Value.StringValue=$context.requestTimeEpoch";
    }

    /** 200 response: the SendMessage result as SQS returns it (message id and MD5 of the body), as in the seed. */
    public static final String SEND_MESSAGE_RESULT = "$input.json('$')";

    /** Message of the 400 when SQS refused the message's contents (the client's input, so never a 5xx). */
    public static final String CONTENT_REFUSED_MESSAGE = "Invalid request body: SQS refused the characters of the"
            + " message; send only characters the QR message contract allows (no control characters, U+FFFE, U+FFFF"
            + " or unpaired surrogates)";

    /**
     * Response when SQS answered 400. SQS's error code decides: {@code InvalidMessageContents} is the client's input
     * (a character SQS does not accept that the request model let through) and stays 400 with a reason; every other
     * 400 (e.g. KMS or queue problems) is a fault of ours and is turned into the 500 of {@link #INTERNAL_ERROR}. The
     * SQS error text is matched, never passed on.
     */
    public static final String SQS_CLIENT_ERROR = "#if($input.body.contains('InvalidMessageContents'))"
            + "{\"message\":\"" + CONTENT_REFUSED_MESSAGE + "\",\"requestId\":\"$context.requestId\"}"
            + "#{else}#set($context.responseOverride.status = 500)"
            + "{\"message\":\"The message could not be queued\",\"requestId\":\"$context.requestId\"}#end";

    /** Response when SQS refused the request otherwise (403 and other 4xx: a fault of ours, e.g. policy). */
    public static final String INTERNAL_ERROR =
            "{\"message\":\"The message could not be queued\"," + "\"requestId\":\"$context.requestId\"}";

    /** Response when SQS failed or throttled (5xx): the client retries with backoff. */
    public static final String UNAVAILABLE = "{\"message\":\"The message could not be queued right now:"
            + " retry with backoff\",\"requestId\":\"$context.requestId\"}";

    private SqsIntegrationTemplates() {}
}
