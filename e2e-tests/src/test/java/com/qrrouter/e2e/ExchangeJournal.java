package com.qrrouter.e2e;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP exchanges of the running test, request and answer, kept masked: tokens, client secrets and QR codes never
 * appear in what it holds or prints ({@code ****} instead). {@link LogExchangesOnFailure} prints them when a test fails.
 */
final class ExchangeJournal {

    static final String MASK = "****";

    /** REST Assured filter that records every exchange. */
    static final Filter FILTER = ExchangeJournal::record;

    private static final int KEPT = 200;
    private static final Pattern AUTHORIZATION =
            Pattern.compile("(?i)(Authorization\\s*[:=]\\s*)(Bearer |Basic )?[^\\s,\\]]+");
    private static final Pattern QR_CODE = Pattern.compile("(\"QRCode\"\\s*:\\s*\")((?:[^\"\\\\]++|\\\\.)*+)(\")");
    private static final Pattern JSON_SECRETS = Pattern.compile(
            "(\"(?:access_token|id_token|refresh_token|client_secret|ClientSecret)\"\\s*:\\s*\")((?:[^\"\\\\]++|\\\\.)*+)(\")");
    private static final Pattern FORM_SECRETS = Pattern.compile("((?:client_secret|access_token)=)[^&\\s]+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final ConcurrentLinkedDeque<String> EXCHANGES = new ConcurrentLinkedDeque<>();

    private ExchangeJournal() {}

    /** A value never to print in clear (a client secret, a token), wherever it appears. */
    static void secret(String value) {
        if (value != null && value.length() >= 4) {
            SECRETS.add(value);
        }
    }

    /** {@code text} with every token, secret and QR code replaced by {@value #MASK}. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : SECRETS) {
            masked = masked.replace(secret, MASK);
        }
        masked = replace(AUTHORIZATION, masked, m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)) + MASK);
        masked = replace(QR_CODE, masked, m -> m.group(1) + MASK + m.group(3));
        masked = replace(JSON_SECRETS, masked, m -> m.group(1) + MASK + m.group(3));
        masked = replace(FORM_SECRETS, masked, m -> m.group(1) + MASK);
        return JWT.matcher(masked).replaceAll(MASK);
    }

    /** The exchanges recorded since the last {@link #clear()}, oldest first, masked. */
    static List<String> exchanges() {
        return new ArrayList<>(EXCHANGES);
    }

    static void clear() {
        EXCHANGES.clear();
    }

    private static Response record(
            FilterableRequestSpecification request, FilterableResponseSpecification expected, FilterContext context) {
        Response response = context.next(request, expected);
        StringBuilder text = new StringBuilder()
                .append(request.getMethod())
                .append(' ')
                .append(request.getURI())
                .append("\n  request headers: ")
                .append(request.getHeaders().asList())
                .append("\n  request form: ")
                .append(request.getFormParams())
                .append("\n  request body: ")
                .append(body(request.getBody()))
                .append("\n  answer: ")
                .append(response.getStatusLine())
                .append(' ')
                .append(response.getHeaders().asList())
                .append("\n  answer body: ")
                .append(new String(response.asByteArray(), StandardCharsets.UTF_8));
        EXCHANGES.addLast(mask(text.toString()));
        while (EXCHANGES.size() > KEPT) {
            EXCHANGES.pollFirst();
        }
        return response;
    }

    private static String body(Object body) {
        if (body == null) {
            return "";
        }
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body.toString();
        return text.length() > 2000 ? text.substring(0, 2000) + "… (" + text.length() + " characters)" : text;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(with.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
