package com.qrrouter.infra.capacity;

import java.util.Objects;

/**
 * The AWS quotas and documented limits the capacity model checks, each with its value, whether it is adjustable, its
 * source and the date it was read. {@link #defaults()} holds the defaults for a standard Region such as us-east-1 (a
 * few Regions have lower API Gateway and IoT Core defaults: check the pages for another Region).
 *
 * <p>The documentation pages were read through the docs search index on 2026-11-30; where a page shows no date of its
 * own, "as of" is that reading date, and how the value was confirmed is part of {@link Quota#asOf()}.
 *
 * @param apiAccountRate API Gateway throttle per account and Region, all APIs together
 * @param apiAccountBurst API Gateway burst (token bucket capacity) per account and Region
 * @param lambdaAccountConcurrency Lambda concurrent executions per account and Region
 * @param lambdaScalingRate how fast one function may add execution environments
 * @param eventSourceMaxConcurrency most concurrent batches (invocations) one SQS event source mapping may run
 * @param eventSourceInitialConcurrency concurrent batches an SQS event source starts with when messages appear
 * @param eventSourceScaleUpPerMinute concurrent batches an SQS event source adds per minute while messages remain
 * @param sqsInFlightMessages in-flight messages (received, not deleted) of one standard queue
 * @param dynamoDbNewTableWrites write request units a new on-demand table serves at once
 * @param dynamoDbNewTableReads read request units a new on-demand table serves at once
 * @param dynamoDbTableWrites write request units per on-demand table
 * @param dynamoDbTableReads read request units per on-demand table
 * @param dynamoDbPartitionWrites write units one partition (so one hot key) serves per second
 * @param dynamoDbPartitionReads read units one partition (so one hot key) serves per second
 * @param iotInboundPublishes IoT Core inbound publish requests per account (an HTTP publish counts as one)
 * @param iotOutboundPublishes IoT Core outbound publish requests per account (one per matching subscription)
 * @param iotPublishesPerConnection IoT Core publish requests per connection, inbound and outbound together
 * @param iotBytesPerConnection IoT Core throughput per connection
 * @param iotMessageSize IoT Core payload size of one publish
 * @param wafRateLimitMaximum the largest limit a WAF rate-based rule accepts
 */
public record AwsQuotas(
        Quota apiAccountRate,
        Quota apiAccountBurst,
        Quota lambdaAccountConcurrency,
        Quota lambdaScalingRate,
        Quota eventSourceMaxConcurrency,
        Quota eventSourceInitialConcurrency,
        Quota eventSourceScaleUpPerMinute,
        Quota sqsInFlightMessages,
        Quota dynamoDbNewTableWrites,
        Quota dynamoDbNewTableReads,
        Quota dynamoDbTableWrites,
        Quota dynamoDbTableReads,
        Quota dynamoDbPartitionWrites,
        Quota dynamoDbPartitionReads,
        Quota iotInboundPublishes,
        Quota iotOutboundPublishes,
        Quota iotPublishesPerConnection,
        Quota iotBytesPerConnection,
        Quota iotMessageSize,
        Quota wafRateLimitMaximum) {

    private static final String READ = "read 2026-11-30";

    private static final String API_GATEWAY =
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html";
    private static final String LAMBDA_SCALING = "https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html";
    private static final String LAMBDA_QUOTAS =
            "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
    private static final String SQS_SCALING = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html";
    private static final String ESM_SCALING_CONFIG =
            "https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html";
    private static final String SQS_QUOTAS =
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html";
    private static final String DYNAMODB_THROTTLING =
            "https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb";
    private static final String DYNAMODB_QUOTAS =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html";
    private static final String DYNAMODB_WARM =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html";
    private static final String IOT_CORE =
            "https://docs.aws.amazon.com/general/latest/gr/iot-core.html#message-broker-limits";
    private static final String IOT_CONFIRMED =
            READ + "; the stored page excerpt ends before its quota table: value from"
                    + " the page's own table as mirrored in awsdocs/aws-iot-docs (code index), agreeing with re:Post answers that"
                    + " cite the page";
    private static final String WAF_RATE =
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html";

    public AwsQuotas {
        Objects.requireNonNull(apiAccountRate, "apiAccountRate");
        Objects.requireNonNull(apiAccountBurst, "apiAccountBurst");
        Objects.requireNonNull(lambdaAccountConcurrency, "lambdaAccountConcurrency");
        Objects.requireNonNull(lambdaScalingRate, "lambdaScalingRate");
        Objects.requireNonNull(eventSourceMaxConcurrency, "eventSourceMaxConcurrency");
        Objects.requireNonNull(eventSourceInitialConcurrency, "eventSourceInitialConcurrency");
        Objects.requireNonNull(eventSourceScaleUpPerMinute, "eventSourceScaleUpPerMinute");
        Objects.requireNonNull(sqsInFlightMessages, "sqsInFlightMessages");
        Objects.requireNonNull(dynamoDbNewTableWrites, "dynamoDbNewTableWrites");
        Objects.requireNonNull(dynamoDbNewTableReads, "dynamoDbNewTableReads");
        Objects.requireNonNull(dynamoDbTableWrites, "dynamoDbTableWrites");
        Objects.requireNonNull(dynamoDbTableReads, "dynamoDbTableReads");
        Objects.requireNonNull(dynamoDbPartitionWrites, "dynamoDbPartitionWrites");
        Objects.requireNonNull(dynamoDbPartitionReads, "dynamoDbPartitionReads");
        Objects.requireNonNull(iotInboundPublishes, "iotInboundPublishes");
        Objects.requireNonNull(iotOutboundPublishes, "iotOutboundPublishes");
        Objects.requireNonNull(iotPublishesPerConnection, "iotPublishesPerConnection");
        Objects.requireNonNull(iotBytesPerConnection, "iotBytesPerConnection");
        Objects.requireNonNull(iotMessageSize, "iotMessageSize");
        Objects.requireNonNull(wafRateLimitMaximum, "wafRateLimitMaximum");
    }

    /** The documented defaults of a standard Region (us-east-1), with sources. */
    public static AwsQuotas defaults() {
        return new AwsQuotas(
                new Quota(
                        "API Gateway throttle per account and Region",
                        10_000,
                        "requests/s",
                        true,
                        API_GATEWAY,
                        READ + ", page text (2,500 in some newer Regions)"),
                new Quota(
                        "API Gateway burst per account and Region",
                        5_000,
                        "requests",
                        false,
                        API_GATEWAY,
                        READ + ", page text: set by the service team from the rate quota, not requestable"),
                new Quota(
                        "Lambda concurrent executions per account and Region",
                        1_000,
                        "concurrent executions",
                        true,
                        LAMBDA_QUOTAS,
                        READ + "; the quotas page was not in the index, 1,000 is stated by the Lambda operator guide"
                                + " (serverlessland.com) and the scaling page refers to it"),
                new Quota(
                        "Lambda scaling rate per function",
                        1_000,
                        "execution environments per 10 s",
                        false,
                        LAMBDA_SCALING,
                        READ + ", page text"),
                new Quota(
                        "SQS event source maximum concurrency",
                        1_000,
                        "concurrent batches",
                        false,
                        SQS_SCALING + " and " + ESM_SCALING_CONFIG,
                        READ + ", page text (MaximumConcurrency 2 to 1000)"),
                new Quota(
                        "SQS event source concurrent batches at start",
                        5,
                        "concurrent batches",
                        false,
                        SQS_SCALING,
                        READ + ", page text (standard mode; provisioned mode scales 3× faster, at extra cost)"),
                new Quota(
                        "SQS event source scale-up rate",
                        300,
                        "concurrent batches per minute",
                        false,
                        SQS_SCALING,
                        READ + ", page text (standard mode)"),
                new Quota(
                        "SQS in-flight messages per standard queue",
                        120_000,
                        "messages",
                        true,
                        SQS_QUOTAS,
                        READ + ", page text (approximate)"),
                new Quota(
                        "DynamoDB new on-demand table, writes served at once",
                        4_000,
                        "write request units/s",
                        true,
                        DYNAMODB_THROTTLING,
                        READ + ", AWS knowledge center text; beyond it a table doubles its previous peak within 30"
                                + " min; raise it ahead with warm throughput (paid)"),
                new Quota(
                        "DynamoDB new on-demand table, reads served at once",
                        12_000,
                        "read request units/s",
                        true,
                        DYNAMODB_THROTTLING,
                        READ + ", AWS knowledge center text"),
                new Quota(
                        "DynamoDB on-demand table write throughput",
                        40_000,
                        "write request units/s",
                        true,
                        DYNAMODB_QUOTAS,
                        READ + ", page text (per table)"),
                new Quota(
                        "DynamoDB on-demand table read throughput",
                        40_000,
                        "read request units/s",
                        true,
                        DYNAMODB_QUOTAS,
                        READ + ", page text (per table)"),
                new Quota(
                        "DynamoDB writes per partition",
                        1_000,
                        "write units/s",
                        false,
                        DYNAMODB_WARM,
                        READ + ", page text"),
                new Quota(
                        "DynamoDB reads per partition",
                        3_000,
                        "read units/s",
                        false,
                        DYNAMODB_WARM,
                        READ + ", page text"),
                new Quota(
                        "IoT Core inbound publish requests per account",
                        20_000,
                        "publishes/s",
                        true,
                        IOT_CORE,
                        IOT_CONFIRMED + " (lower in some Regions)"),
                new Quota(
                        "IoT Core outbound publish requests per account",
                        20_000,
                        "publishes/s",
                        true,
                        IOT_CORE,
                        IOT_CONFIRMED + " (lower in some Regions)"),
                new Quota(
                        "IoT Core publish requests per connection (in + out)",
                        100,
                        "publishes/s",
                        false,
                        IOT_CORE,
                        IOT_CONFIRMED + "; excess publishes are discarded"),
                new Quota(
                        "IoT Core throughput per connection",
                        512 * 1024,
                        "bytes/s",
                        false,
                        IOT_CORE,
                        IOT_CONFIRMED + "; excess is delayed"),
                new Quota("IoT Core message (payload) size", 128 * 1024, "bytes", false, IOT_CORE, IOT_CONFIRMED),
                new Quota(
                        "WAF rate-based rule limit",
                        2_000_000_000,
                        "requests per IP per 5 min",
                        false,
                        WAF_RATE,
                        "not found through the search index on 2026-11-30; the range 10 to 2,000,000,000 is the one"
                                + " the CloudFormation resource validates (StageConfig)"));
    }
}
