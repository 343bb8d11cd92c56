package com.qrrouter.settings;

import java.util.Locale;

/**
 * The names the e2e suite uses on a deployed stage ({@code -Pe2e}), which are all the stage's tester policy allows
 * (infra {@code E2eTesterPolicy}, docs/deploy.md section 12): named here once, so that the policy and the suite
 * ({@code e2e-tests}, which cannot depend on {@code infra/}) cannot drift apart (decision 0502).
 */
public final class E2eNames {

    /** Routes the suite seeds and removes: their {@code ClientID} starts with this ({@code dynamodb:LeadingKeys}). */
    public static final String ROUTE_CLIENT_ID_PREFIX = "e2e-";

    /** The level under the stage's topic prefix that holds the suite's topics: {@code <topic prefix>e2e/<name>}. */
    public static final String TOPIC_SEGMENT = "e2e/";

    /**
     * The team the suite posts as on a deployed stage: declared in the stage's team file ({@code infra/teams/}), its
     * newest client named in the stack output {@code TeamClientIds}; the suite's routes name it in
     * {@code AllowedTeams}.
     */
    public static final String TEAM = "e2e-team";

    private E2eNames() {}

    /**
     * MQTT client ids the suite connects with on a stage: {@code qr-router-<stage>-e2e-} followed by anything.
     *
     * @throws IllegalArgumentException if the stage name is not valid ({@link PipelineSettings#requireStageName})
     */
    public static String mqttClientIdPrefix(String stage) {
        return "qr-router-" + PipelineSettings.requireStageName(stage) + "-e2e-";
    }

    /**
     * The topics of the suite under a stage's topic prefix, e.g. {@code qr-router/stag/e2e/}.
     *
     * @param stageTopicPrefix the stage's topic prefix (the default {@link PipelineSettings#topicPrefix} or an
     *     override), ending in {@code /}
     * @throws IllegalArgumentException if the prefix does not end in {@code /}
     */
    public static String topicPrefix(String stageTopicPrefix) {
        if (stageTopicPrefix == null || !stageTopicPrefix.endsWith("/")) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "A stage's topic prefix ends in '/', e.g. qr-router/stag/; got '%s'.",
                    stageTopicPrefix));
        }
        return stageTopicPrefix + TOPIC_SEGMENT;
    }
}
