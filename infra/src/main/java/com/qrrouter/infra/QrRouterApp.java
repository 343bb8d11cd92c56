package com.qrrouter.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;

/**
 * The CDK app: {@code cdk synth|deploy -c stage=dev|stag|prod}. The only class of the infra deployable that reads the
 * environment: CDK context (stage, router jar, alarm e-mail) and the CLI's account and region.
 */
public final class QrRouterApp {

    /** Context key of the stage; {@code dev} when absent. */
    public static final String STAGE_CONTEXT = "stage";
    /** Context key of the router jar path, relative to the infra folder. */
    public static final String ROUTER_JAR_CONTEXT = "routerJar";
    /** Context key of an e-mail address subscribed to the alarms. */
    public static final String ALARM_EMAIL_CONTEXT = "alarmEmail";
    /** Where the router module builds its shaded jar, relative to the infra folder. */
    public static final String DEFAULT_ROUTER_JAR = "../router-function/target/router-function.jar";

    private QrRouterApp() {}

    public static void main(String[] args) {
        App app = new App();
        String stageName = context(app, STAGE_CONTEXT, "dev");
        StageConfig stage = StageConfig.forStage(stageName);
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        Environment env = account == null || region == null
                ? null
                : Environment.builder().account(account).region(region).build();

        QrRouterStack.builder(stage)
                .routerJar(Path.of(context(app, ROUTER_JAR_CONTEXT, DEFAULT_ROUTER_JAR)))
                .env(env)
                .alarmEmail(context(app, ALARM_EMAIL_CONTEXT, null))
                .build(app);

        addNagPacks(app);
        app.synth();
    }

    /** cdk-nag's AwsSolutions and Serverless packs: a finding without a suppression fails the synthesis. */
    public static void addNagPacks(App app) {
        NagPackProps verbose = NagPackProps.builder().verbose(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(verbose));
        Aspects.of(app).add(new ServerlessChecks(verbose));
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
