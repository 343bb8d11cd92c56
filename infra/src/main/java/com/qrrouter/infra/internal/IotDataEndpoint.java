package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The account's AWS IoT data endpoint ({@code iot:Data-ATS}), found at deploy time by a custom resource that calls
 * {@code iot:DescribeEndpoint}: never typed by hand, so a stage deploys to any account and region unchanged.
 */
public final class IotDataEndpoint extends Construct {

    /** The endpoint type whose certificates chain to Amazon Trust Services, the one AWS recommends. */
    public static final String ENDPOINT_TYPE = "iot:Data-ATS";

    private final AwsCustomResource lookup;

    public IotDataEndpoint(Construct scope, String id, StageConfig stage) {
        super(scope, id);
        AwsSdkCall describe = AwsSdkCall.builder()
                .service("Iot")
                .action("describeEndpoint")
                .parameters(Map.of("endpointType", ENDPOINT_TYPE))
                .physicalResourceId(PhysicalResourceId.fromResponse("endpointAddress"))
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(stage.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Our own role: log writes to this log group only, instead of the AWS managed basic execution policy.
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Looks up the AWS IoT data endpoint at deploy time")
                .build();
        logs.grantWrite(role);
        lookup = AwsCustomResource.Builder.create(this, "Lookup")
                .role(role)
                .memorySize(256)
                .timeout(Duration.minutes(1))
                .onCreate(describe)
                .onUpdate(describe)
                .installLatestAwsSdk(false)
                .logGroup(logs)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("iot:DescribeEndpoint"))
                        // iot:DescribeEndpoint supports no resource-level permission.
                        .resources(List.of("*"))
                        .build())))
                .build();
    }

    /** The host name, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com}. */
    public String address() {
        return lookup.getResponseField("endpointAddress");
    }

    /** The HTTPS URL the router's IoT data-plane client uses. */
    public String httpsUrl() {
        return "https://" + address();
    }
}
