package com.qrrouter.infra.internal;

import com.qrrouter.settings.PipelineSettings.MessageAttributes;

/**
 * The API Gateway mapping templates (VTL) of the {@code POST /postmessagetosqs} integration with SQS
 * {@code SendMessage}. Kept as constants so that tests can render them and the local stack can follow them.
 */
public final class SqsIntegrationTemplates {

    /**
     * Request template: an SQS query-protocol {@code SendMessage} form. Every value is URL-encoded: the seed put the
     * raw body into the form, so {@code +} became a space and {@code =} split the value (its QR code
     * {@code vwWT)Np=+6-vGzTiopED} arrived corrupted). The API request id travels as the {@code CorrelationId}
     * attribute and the body's {@code ClientID} as the {@code ClientID} attribute.
     */
    public static final String SEND_MESSAGE_REQUEST = "Action=SendMessage"
            + "&MessageBody=$util.urlEncode($input.body)"
            + "&MessageAttribute.1.Name=" + MessageAttributes.CORRELATION_ID
            + "&MessageAttribute.1.Value.DataType=String"
            + "&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.requestId)"
            + "&MessageAttribute.2.Name=" + MessageAttributes.CLIENT_ID
            + "&MessageAttribute.2.Value.DataType=String"
            + "&MessageAttribute.2.Value.StringValue=$util.urlEncode($input.path('$.ClientID'))";

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
