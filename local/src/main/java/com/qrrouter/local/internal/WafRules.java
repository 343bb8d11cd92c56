package com.qrrouter.local.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The managed WAF rules that still block on AWS for this API (decision 0441), as the local front applies them before
 * API Gateway's own checks:
 *
 * <ul>
 *   <li>{@code AWSManagedRulesKnownBadInputsRuleSet} {@code Log4JRCE_BODY}, {@code _HEADER}, {@code _QUERYSTRING},
 *       {@code _URIPATH}: a Log4j JNDI lookup ({@code ${jndi:}), also obfuscated with nested lookups
 *       ({@code ${${lower:j}ndi:}, {@code ${${::-j}ndi:}, {@code ${${env:X:-j}ndi:}), percent-encoded, in any case;
 *   <li>{@code PROPFIND_METHOD}: the WebDAV method {@code PROPFIND}.
 * </ul>
 *
 * What the common rule set's body rules and {@code NoUserAgent_HEADER} match (markup, {@code ../}, URLs with an IP
 * host, no User-Agent) only counts on AWS, so it passes here too. AWS's exact patterns are not published: this is the
 * documented family and its common obfuscations, not a copy.
 */
final class WafRules {

    /** Names of the emulated rules, as WAF reports them in its logs and metrics. */
    static final String LOG4J_BODY = "Log4JRCE_BODY";

    static final String LOG4J_HEADER = "Log4JRCE_HEADER";
    static final String LOG4J_QUERY_STRING = "Log4JRCE_QUERYSTRING";
    static final String LOG4J_URI_PATH = "Log4JRCE_URIPATH";
    static final String PROPFIND_METHOD = "PROPFIND_METHOD";

    /** A lookup that returns its argument: {@code ${lower:x}}, {@code ${upper:x}}. */
    private static final Pattern CASE_LOOKUP = Pattern.compile("\\$\\{(?:lower|upper):([^${}]*)}");

    /** A lookup with a default that returns the default: {@code ${::-x}}, {@code ${env:NAME:-x}}. */
    private static final Pattern DEFAULT_LOOKUP = Pattern.compile("\\$\\{[^${}]*?:-([^${}]*)}");

    /** A date lookup with a quoted literal: {@code ${date:'j'}}. */
    private static final Pattern DATE_LITERAL = Pattern.compile("\\$\\{date:'([^'${}]*)'}");

    /** Enough for any obfuscation seen in the wild; each round removes one level of nesting. */
    private static final int MAX_ROUNDS = 16;

    private WafRules() {}

    /**
     * The first emulated rule that blocks the request, if any.
     *
     * @param rawPath the request's path as sent (percent-encoded)
     * @param rawQuery the query string as sent, {@code null} if none
     * @param headers every header, names and values
     * @param body the body read so far (at most the API's body limit, below WAF's 16 KB inspection limit)
     */
    static Optional<String> blockingRule(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        if ("PROPFIND".equalsIgnoreCase(method)) {
            return Optional.of(PROPFIND_METHOD);
        }
        if (hasJndiLookup(rawPath)) {
            return Optional.of(LOG4J_URI_PATH);
        }
        if (rawQuery != null && hasJndiLookup(rawQuery)) {
            return Optional.of(LOG4J_QUERY_STRING);
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (hasJndiLookup(header.getKey()) || header.getValue().stream().anyMatch(WafRules::hasJndiLookup)) {
                return Optional.of(LOG4J_HEADER);
            }
        }
        if (hasJndiLookup(new String(body, StandardCharsets.UTF_8))) {
            return Optional.of(LOG4J_BODY);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} holds a JNDI lookup once percent-decoding (twice, as WAF's URL_DECODE transformations),
     * lower-casing and resolving the lookups that only return a letter.
     */
    static boolean hasJndiLookup(String text) {
        if (text.indexOf('$') < 0 && text.indexOf('%') < 0) {
            return false; // the common case: nothing to decode, no lookup
        }
        String decoded = percentDecode(percentDecode(text)).toLowerCase(Locale.ROOT);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (decoded.contains("${jndi:")) {
                return true;
            }
            String resolved = DATE_LITERAL
                    .matcher(DEFAULT_LOOKUP
                            .matcher(CASE_LOOKUP.matcher(decoded).replaceAll("$1"))
                            .replaceAll("$1"))
                    .replaceAll("$1");
            if (resolved.equals(decoded)) {
                return false;
            }
            decoded = resolved;
        }
        return decoded.contains("${jndi:");
    }

    /** {@code %XX} to its byte (UTF-8); anything else, malformed escapes included, as it is. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int high = i + 2 < bytes.length && bytes[i] == '%' ? Character.digit(bytes[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
