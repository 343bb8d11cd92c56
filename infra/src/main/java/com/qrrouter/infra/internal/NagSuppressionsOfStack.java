package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;

/**
 * Every cdk-nag suppression of a stage's stack in one reviewable place. Each names the exact finding (for IAM5 the
 * exact action or resource it applies to) and why it is right for this stack. A test fails on any finding that is not
 * suppressed here, and on a suppression without a reason.
 */
public final class NagSuppressionsOfStack {

    private NagSuppressionsOfStack() {}

    public static void apply(Stack stack, StageConfig stage) {
        String root = "/" + stack.getStackName();

        suppress(
                stack,
                root + "/Data/DeadLetterQueue/Resource",
                rule(
                        "Serverless-SQSRedrivePolicy",
                        "This is the dead-letter queue itself: its messages wait for an operator to triage and redrive"
                                + " them (docs/deploy.md); a second DLQ behind it would hide failures."),
                rule(
                        "AwsSolutions-SQS3",
                        "This is the dead-letter queue itself: its messages wait for an operator to triage and redrive"
                                + " them (docs/deploy.md)."));

        suppress(
                stack,
                root + "/Auth/UserPool/Resource",
                rule(
                        "AwsSolutions-COG2",
                        "A pool of machine clients only: the client_credentials grant authenticates with the client"
                                + " secret; no user exists who could sign in with a password and a second factor."),
                rule(
                        "AwsSolutions-COG3",
                        "Threat protection (advanced security) evaluates user sign-ins; this pool has no users and"
                                + " issues tokens only through client_credentials, which it does not cover."),
                rule(
                        "AwsSolutions-COG8",
                        "Threat protection needs the Plus feature plan and evaluates user sign-ins; this pool has no"
                                + " users and issues tokens only through client_credentials."));

        suppress(
                stack,
                root + "/MessageApi/Api/CloudWatchRole/Resource",
                rule(
                        "AwsSolutions-IAM4",
                        "The account-level role that API Gateway uses to write execution logs; AWS defines its"
                                + " policy (AmazonAPIGatewayPushToCloudWatchLogs) for exactly this purpose.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        suppress(
                stack,
                root + "/MessageApi/SendMessageRole/DefaultPolicy/Resource",
                rule(
                        "AwsSolutions-IAM5",
                        "KMS data-key actions that SQS needs to encrypt a message, on the stage's one key only"
                                + " (granted by queue.grantSendMessages).",
                        "Action::kms:ReEncrypt*",
                        "Action::kms:GenerateDataKey*"));
        suppress(
                stack,
                root + "/MessageApi/Api/Deployment/Resource",
                rule(
                        "CdkNagValidationFailure",
                        "Serverless-APIGWStructuredLogging cannot evaluate the deployment resource (its stage is a"
                                + " separate resource); the stage's access log format is JSON, asserted by"
                                + " MessageApiTest."));

        suppress(
                stack,
                root + "/IotEndpoint/Lookup/CustomResourcePolicy/Resource",
                rule(
                        "AwsSolutions-IAM5",
                        "iot:DescribeEndpoint has no resource-level permissions; the policy allows that one read-only"
                                + " action.",
                        "Resource::*"));
        String lookupFunction = root + "/AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "");
        suppress(
                stack,
                lookupFunction + "/Resource",
                rule(
                        "Serverless-LambdaDLQ",
                        "CloudFormation invokes this custom resource handler and receives its result; a failure"
                                + " fails the deployment, there is no asynchronous event to park."),
                rule(
                        "Serverless-LambdaTracing",
                        "A deploy-time lookup run once per deployment; CloudFormation events and the function's"
                                + " log group show its outcome."));

        suppress(
                stack,
                root + "/Router/Function/Resource",
                rule(
                        "AwsSolutions-L1",
                        "The router is built for and tested on Java 21 (maven.compiler.release 21, Powertools and"
                                + " AspectJ weaving verified on it); moving to a newer runtime is a deliberate change."),
                rule(
                        "Serverless-LambdaLatestVersion",
                        "The router is built for and tested on Java 21; moving to a newer runtime is a deliberate"
                                + " change."),
                rule(
                        "Serverless-LambdaDLQ",
                        "The SQS event source invokes the function synchronously; a failed record returns to the"
                                + " queue and the queue's redrive policy moves it to the DLQ after maxReceiveCount."));
        suppress(
                stack,
                root + "/Router/Role/DefaultPolicy/Resource",
                rule(
                        "AwsSolutions-IAM5",
                        "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permission;"
                                + " the KMS data-key actions apply to the stage's one key only.",
                        "Resource::*",
                        "Action::kms:ReEncrypt*",
                        "Action::kms:GenerateDataKey*"),
                rule(
                        "AwsSolutions-IAM5",
                        "iot:Publish is allowed exactly under the stage's topic prefix " + stage.topicPrefix()
                                + ", the prefix the router enforces on every routed topic.",
                        "Resource::arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:topic/" + stage.topicPrefix()
                                + "*"));
        if (stage.e2eTesterPolicy()) {
            String iot = "Resource::arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:";
            suppress(
                    stack,
                    root + "/E2eTester/Policy/Resource",
                    rule(
                            "AwsSolutions-IAM5",
                            "The e2e suite connects with a new MQTT client id per run (a fixed one would let two runs"
                                    + " disconnect each other); the wildcard is confined to the tester's prefix.",
                            iot + "client/qr-router-" + stage.stageName() + "-e2e-*"),
                    rule(
                            "AwsSolutions-IAM5",
                            "The e2e suite seeds its own routes to topics under " + stage.topicPrefix()
                                    + E2eTesterPolicy.TOPIC_SEGMENT
                                    + " (one per run) and subscribes and receives there only; no device topic.",
                            iot + "topicfilter/" + stage.topicPrefix() + E2eTesterPolicy.TOPIC_SEGMENT + "*",
                            iot + "topic/" + stage.topicPrefix() + E2eTesterPolicy.TOPIC_SEGMENT + "*"));
        }

        stack.getNode().findAll().stream()
                .filter(c -> c.getNode().getPath().startsWith(stack.getStackName() + "/Router/"))
                .filter(c -> c.getNode().getPath().contains("/SqsEventSource"))
                .filter(c -> c.getNode().getId().equals("Resource"))
                .forEach(esm -> NagSuppressions.addResourceSuppressions(
                        esm,
                        List.of(rule(
                                "Serverless-LambdaEventSourceMappingDestination",
                                "On-failure destinations exist for stream sources, not SQS; a record that keeps"
                                        + " failing moves to the DLQ through the queue's redrive policy."))));

        stack.getNode().findAll().stream()
                .filter(c -> c.getNode().getPath().startsWith(stack.getStackName() + "/Operations/AlarmTopic/"))
                .filter(c -> c.getNode().getId().equals("Resource"))
                .forEach(subscription -> NagSuppressions.addResourceSuppressions(
                        subscription,
                        List.of(rule(
                                "Serverless-SNSRedrivePolicy",
                                "An e-mail subscription of operators to alarms: an undeliverable e-mail would sit"
                                        + " unread in a DLQ too; the alarm state stays visible in CloudWatch."))));
    }

    private static void suppress(Stack stack, String path, NagPackSuppression... suppressions) {
        NagSuppressions.addResourceSuppressionsByPath(stack, path, List.of(suppressions));
    }

    private static NagPackSuppression rule(String id, String reason, String... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of((Object[]) appliesTo));
        }
        return builder.build();
    }
}
