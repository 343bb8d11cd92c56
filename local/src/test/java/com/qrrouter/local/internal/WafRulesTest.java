package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WafRulesTest {

    private static final String PATH = "/local/postmessagetosqs";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "${jndi:ldap://127.0.0.1:1/a}",
                "${JNDI:LDAP://127.0.0.1:1/a}",
                "x ${jNdI:rmi://h/a} y",
                "${${lower:j}ndi:ldap://h/a}",
                "${${upper:J}${upper:N}${upper:D}${upper:I}:ldap://h/a}",
                "${${::-j}${::-n}${::-d}${::-i}:rmi://h/a}",
                "${${env:NOPE:-j}ndi${env:NOPE:-:}ldap://h/a}",
                "${${k8s:k5:-J}${k8s:k5:-ND}i:ldap://h/a}",
                "${${date:'j'}ndi:ldap://h/a}",
                "$%7Bjndi:ldap://h/a%7D",
                "%24%7Bjndi%3Aldap%3A%2F%2Fh%2Fa%7D",
                "%2524%257Bjndi%253Aldap://h/a%257D"
            })
    void hasJndiLookup_whenTheLookupIsPlainObfuscatedOrEncoded_isTrue(String text) {
        assertThat(WafRules.hasJndiLookup(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "vwWT)Np=+6-vGzTiopED",
                "<b>../x</b>",
                "http://169.254.169.254/latest/meta-data/",
                "../../etc/passwd",
                "</script><script>alert(1)</script>",
                "$input.body ${price} ${lower:j}",
                "jndi:ldap://h/a",
                "${jndi",
                "100% {jndi:}",
                "%zz%"
            })
    void hasJndiLookup_whenTextOnlyLooksOdd_isFalse(String text) {
        assertThat(WafRules.hasJndiLookup(text)).isFalse();
    }

    @Test
    void blockingRule_whenTheLookupIsInEachPart_namesTheRuleOfThatPart() {
        String lookup = "${jndi:ldap://h/a}";
        byte[] clean = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(WafRules.blockingRule("POST", PATH, null, Map.of(), lookup.getBytes(StandardCharsets.UTF_8)))
                .contains(WafRules.LOG4J_BODY);
        assertThat(WafRules.blockingRule("POST", PATH, null, Map.of("X-Api-Version", List.of(lookup)), clean))
                .contains(WafRules.LOG4J_HEADER);
        assertThat(WafRules.blockingRule("POST", PATH, null, Map.of(lookup, List.of("1")), clean))
                .contains(WafRules.LOG4J_HEADER);
        assertThat(WafRules.blockingRule("POST", PATH, "q=%24%7Bjndi%3Aldap%3A%2F%2Fh%7D", Map.of(), clean))
                .contains(WafRules.LOG4J_QUERY_STRING);
        assertThat(WafRules.blockingRule("POST", PATH + "/$%7Bjndi:ldap:%2F%2Fh%7D", null, Map.of(), clean))
                .contains(WafRules.LOG4J_URI_PATH);
        assertThat(WafRules.blockingRule("PROPFIND", PATH, null, Map.of(), clean))
                .contains(WafRules.PROPFIND_METHOD);
    }

    @Test
    void blockingRule_whenAValidScanHasMarkupAndNoUserAgent_isEmpty() {
        byte[] body = ("{\"ClientID\":\"DemoClient\",\"QRCode\":\"<b>../x</b> http://10.0.0.1/a\",\"Time\":"
                        + "\"20231201T231010\",\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\",\"TEST\":\"t\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(WafRules.blockingRule("POST", PATH, null, Map.of("Content-Type", List.of("application/json")), body))
                .isEmpty();
    }
}
