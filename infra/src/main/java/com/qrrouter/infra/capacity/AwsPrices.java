package com.qrrouter.infra.capacity;

import com.qrrouter.infra.capacity.Price.Confirmation;
import com.qrrouter.infra.capacity.Price.Tier;
import java.util.List;
import java.util.Objects;

/**
 * List prices (USD, on demand, no free tier, no savings plan) the cost per million scans is computed from.
 * {@link #usEast1()} holds those of US East (N. Virginia). AWS renders most of its pricing tables in the browser, so
 * the search tool often could not read the figure on the AWS page itself: every price says how far it was confirmed
 * ({@link Confirmation}) and where from.
 *
 * @param apiRestRequests API Gateway REST API requests, tiered by monthly volume
 * @param wafRequests WAF requests inspected
 * @param wafWebAclMonth WAF web ACL per month
 * @param wafRuleMonth WAF rule (or rule group) per month
 * @param sqsRequests SQS standard queue requests (every 64 KB chunk of a payload is one request)
 * @param lambdaRequests Lambda requests
 * @param lambdaArmGbSecond Lambda duration on arm64, per GB-second
 * @param dynamoDbWrites DynamoDB on-demand write request units
 * @param dynamoDbReads DynamoDB on-demand read request units
 * @param iotMessages IoT Core messaging (every 5 KB of a message is one message), tiered by monthly volume
 * @param kmsKeyMonth KMS customer managed key per month
 * @param kmsRequests KMS requests
 * @param logsIngestionGb CloudWatch Logs ingestion (standard class; also the first tier of Lambda and WAF vended logs)
 * @param metricMonth CloudWatch custom metric per month (EMF metrics are custom metrics)
 * @param alarmMonth CloudWatch standard-resolution alarm per month
 * @param dashboardMonth CloudWatch dashboard per month
 * @param xrayTracesRecorded X-Ray traces recorded
 */
public record AwsPrices(
        Price apiRestRequests,
        Price wafRequests,
        Price wafWebAclMonth,
        Price wafRuleMonth,
        Price sqsRequests,
        Price lambdaRequests,
        Price lambdaArmGbSecond,
        Price dynamoDbWrites,
        Price dynamoDbReads,
        Price iotMessages,
        Price kmsKeyMonth,
        Price kmsRequests,
        Price logsIngestionGb,
        Price metricMonth,
        Price alarmMonth,
        Price dashboardMonth,
        Price xrayTracesRecorded) {

    private static final double MILLION = 1_000_000;
    private static final String NOT_CONFIRMED = "not confirmed through the search tool on 2026-11-30 (the AWS page"
            + " renders its tables in the browser); list price as commonly known, check the page";

    public AwsPrices {
        for (Price price : List.of(
                apiRestRequests,
                wafRequests,
                wafWebAclMonth,
                wafRuleMonth,
                sqsRequests,
                lambdaRequests,
                lambdaArmGbSecond,
                dynamoDbWrites,
                dynamoDbReads,
                iotMessages,
                kmsKeyMonth,
                kmsRequests,
                logsIngestionGb,
                metricMonth,
                alarmMonth,
                dashboardMonth,
                xrayTracesRecorded)) {
            Objects.requireNonNull(price, "every price of AwsPrices");
        }
    }

    /** US East (N. Virginia) list prices. */
    public static AwsPrices usEast1() {
        String apiGateway = "https://aws.amazon.com/api-gateway/pricing/";
        String waf = "https://aws.amazon.com/waf/pricing/";
        String sqs = "https://aws.amazon.com/sqs/pricing/";
        String lambda = "https://aws.amazon.com/lambda/pricing/";
        String dynamoDb = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
        String iot = "https://aws.amazon.com/iot-core/pricing/";
        String kms = "https://aws.amazon.com/kms/pricing/";
        String cloudWatch = "https://aws.amazon.com/cloudwatch/pricing/";
        String xray = "https://aws.amazon.com/xray/pricing/";
        return new AwsPrices(
                new Price(
                        "API Gateway REST API requests",
                        "request",
                        List.of(
                                new Tier(333 * MILLION, 3.50 / MILLION),
                                new Tier(1_000 * MILLION, 2.80 / MILLION),
                                new Tier(20_000 * MILLION, 2.38 / MILLION),
                                new Tier(Double.POSITIVE_INFINITY, 1.51 / MILLION)),
                        apiGateway,
                        "$3.50/M first 333 M: a transcription of the page read 2026-09-20 (api-evangelist); lower"
                                + " tiers not confirmed",
                        Confirmation.SECONDARY),
                Price.flat(
                        "WAF requests inspected",
                        "request",
                        0.60 / MILLION,
                        waf,
                        NOT_CONFIRMED,
                        Confirmation.UNCONFIRMED),
                Price.flat("WAF web ACL", "web ACL-month", 5.00, waf, NOT_CONFIRMED, Confirmation.UNCONFIRMED),
                Price.flat("WAF rule or rule group", "rule-month", 1.00, waf, NOT_CONFIRMED, Confirmation.UNCONFIRMED),
                Price.flat(
                        "SQS standard requests (64 KB chunks)",
                        "request",
                        0.40 / MILLION,
                        sqs,
                        NOT_CONFIRMED + "; the 64 KB chunk rule is confirmed by secondary sources",
                        Confirmation.UNCONFIRMED),
                Price.flat(
                        "Lambda requests",
                        "request",
                        0.20 / MILLION,
                        lambda,
                        "secondary: Lambda cost notes of 2026-05-11 quoting the page",
                        Confirmation.SECONDARY),
                Price.flat(
                        "Lambda arm64 duration",
                        "GB-second",
                        0.0000133334,
                        lambda,
                        "secondary: artillery 2.0.28 price table and Lambda cost notes of 2026-05-11 quoting the page",
                        Confirmation.SECONDARY),
                Price.flat(
                        "DynamoDB on-demand writes",
                        "write request unit",
                        0.625 / MILLION,
                        dynamoDb,
                        "secondary: Airbyte article of 2025-07-21 (after the November 2024 on-demand price cut)",
                        Confirmation.SECONDARY),
                Price.flat(
                        "DynamoDB on-demand reads",
                        "read request unit",
                        0.125 / MILLION,
                        dynamoDb,
                        "secondary: Airbyte article of 2025-07-21 (after the November 2024 on-demand price cut)",
                        Confirmation.SECONDARY),
                new Price(
                        "IoT Core messages (5 KB chunks)",
                        "message",
                        List.of(
                                new Tier(1_000 * MILLION, 1.00 / MILLION),
                                new Tier(5_000 * MILLION, 0.80 / MILLION),
                                new Tier(Double.POSITIVE_INFINITY, 0.70 / MILLION)),
                        iot,
                        "secondary: $1/M first 1 B in a transcription of the page read 2026-09-20 (api-evangelist);"
                                + " the 5 KB metering and the lower tiers from secondary notes",
                        Confirmation.SECONDARY),
                Price.flat(
                        "KMS customer managed key",
                        "key-month",
                        1.00,
                        kms,
                        "secondary: KMS pricing notes (gist, 2019) quoting the page",
                        Confirmation.SECONDARY),
                Price.flat(
                        "KMS requests",
                        "request",
                        0.03 / 10_000,
                        kms,
                        "secondary: KMS pricing notes (gist, 2019) quoting the page",
                        Confirmation.SECONDARY),
                Price.flat(
                        "CloudWatch Logs ingestion", "GB", 0.50, cloudWatch, NOT_CONFIRMED, Confirmation.UNCONFIRMED),
                Price.flat(
                        "CloudWatch custom metric",
                        "metric-month",
                        0.30,
                        cloudWatch,
                        NOT_CONFIRMED,
                        Confirmation.UNCONFIRMED),
                Price.flat(
                        "CloudWatch alarm", "alarm-month", 0.10, cloudWatch, NOT_CONFIRMED, Confirmation.UNCONFIRMED),
                Price.flat(
                        "CloudWatch dashboard",
                        "dashboard-month",
                        3.00,
                        cloudWatch,
                        NOT_CONFIRMED,
                        Confirmation.UNCONFIRMED),
                Price.flat(
                        "X-Ray traces recorded",
                        "trace",
                        5.00 / MILLION,
                        xray,
                        NOT_CONFIRMED + "; the default sampling rule (1/s + 5 %) is confirmed by the X-Ray docs",
                        Confirmation.UNCONFIRMED));
    }

    /** Every price, in the order the cost table lists them. */
    public List<Price> all() {
        return List.of(
                apiRestRequests,
                wafRequests,
                wafWebAclMonth,
                wafRuleMonth,
                sqsRequests,
                lambdaRequests,
                lambdaArmGbSecond,
                dynamoDbWrites,
                dynamoDbReads,
                iotMessages,
                kmsKeyMonth,
                kmsRequests,
                logsIngestionGb,
                metricMonth,
                alarmMonth,
                dashboardMonth,
                xrayTracesRecorded);
    }
}
