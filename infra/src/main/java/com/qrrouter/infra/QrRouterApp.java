package com.qrrouter.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;

/**
 * The CDK app: {@code cdk synth|deploy -c stage=dev|stag|prod}. The only class of the infra deployable that reads the
 * environment: CDK context (stage, router jar, alarm e-mail, the stage overrides of {@link StageOverrides}), the stage's
 * team file ({@link StageTeams}) and the CLI's account and region.
 *
 * <p>Overrides are CDK context, not environment variables: they show in the {@code cdk deploy} command line (or in
 * {@code cdk.json}, under review), the CLI passes them to the app, and a stage's defaults stay in {@link StageConfig}
 * (docs/decisions/0306-stage-overrides-as-cdk-context.md).
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
        StageConfig defaults = StageConfig.forStage(stageName);
        StageOverrides overrides = StageOverrides.fromContext(
                allContext(app), List.of(STAGE_CONTEXT, ROUTER_JAR_CONTEXT, ALARM_EMAIL_CONTEXT));
        StageConfig stage = overrides.applyTo(defaults);
        // The stage's teams: configuration, reviewed like code, in teams/<stage>.json (docs/deploy.md, Teams).
        StageTeams teams = StageTeams.read(StageTeams.file(stageName));
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        Environment env = account == null || region == null
                ? null
                : Environment.builder().account(account).region(region).build();

        QrRouterStack stack = QrRouterStack.builder(stage)
                .routerJar(Path.of(context(app, ROUTER_JAR_CONTEXT, DEFAULT_ROUTER_JAR)))
                .env(env)
                .alarmEmail(context(app, ALARM_EMAIL_CONTEXT, null))
                .teams(teams)
                .build(app);
        if (!overrides.isEmpty()) {
            // Shown by cdk synth/deploy and kept in the cloud assembly: what this deployment changed.
            Annotations.of(stack)
                    .addInfo("Stage " + stageName + " with CDK context overrides: "
                            + overrides.describeAgainst(defaults));
        }

        addNagPacks(app);
        app.synth();
    }

    /** cdk-nag's AwsSolutions and Serverless packs: a finding without a suppression fails the synthesis. */
    public static void addNagPacks(App app) {
        NagPackProps verbose = NagPackProps.builder().verbose(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(verbose));
        Aspects.of(app).add(new ServerlessChecks(verbose));
    }

    private static Map<String, ?> allContext(App app) {
        Object all = app.getNode().getAllContext();
        if (!(all instanceof Map<?, ?> map)) {
            throw new IllegalStateException("The CDK returned context of type " + all.getClass() + ", not a map");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        map.forEach((key, value) -> context.put(String.valueOf(key), value));
        return context;
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
