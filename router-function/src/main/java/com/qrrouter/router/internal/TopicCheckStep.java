package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 4 of a record's path: check the topic. Its one job is to let through only a topic the {@link TopicPolicy}
 * allows (a valid IoT topic under the stage's prefix). Decides {@code FORBIDDEN_TOPIC} (permanent). Makes no outside
 * call.
 */
public final class TopicCheckStep {

    private final TopicPolicy policy;

    public TopicCheckStep(TopicPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The topic, if it may be published to. */
    public StepResult<String> check(String clientId, String topic) {
        Optional<String> problem = policy.check(topic);
        if (problem.isPresent()) {
            return StepResult.end(new Outcome.Parked(
                    FailureCode.FORBIDDEN_TOPIC,
                    "The route of ClientID '" + clientId + "' cannot be published to: " + problem.get() + ".",
                    clientId));
        }
        return StepResult.next(topic);
    }
}
