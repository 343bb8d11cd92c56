package com.qrrouter.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Synthesizes each stage once per test JVM (synthesis with cdk-nag takes seconds) and hands the result to every test
 * class, with the teams of the stage's committed team file. The router jar is the real one when it has been built, else a small stand-in folder, so these tests do not
 * depend on the reactor's build order.
 */
final class SynthesizedStages {

    /** One synthesized stage: the stack, its template, the cloud assembly folder and cdk-nag's findings. */
    record Synthesized(
            QrRouterStack stack,
            Template template,
            Path assemblyDir,
            List<String> nagErrors,
            List<String> nagWarnings) {

        /** The template file that {@code cdk synth} writes for the stack. */
        Path templateFile() {
            return assemblyDir.resolve(stack.getTemplateFile());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code findResources} pattern: a resource whose properties are like {@code properties}. */
    /** {@code arn:<partition>:iot:<region>:<account>:<resource>} as the synthesized template spells it. */
    static Map<String, Object> iotArn(String resource) {
        return Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                "arn:",
                                Map.of("Ref", "AWS::Partition"),
                                ":iot:",
                                Map.of("Ref", "AWS::Region"),
                                ":",
                                Map.of("Ref", "AWS::AccountId"),
                                ":" + resource)));
    }

    static Map<String, Object> withProperties(Map<String, ?> properties) {
        return Map.of("Properties", Match.objectLike(properties));
    }

    /** Logical ids of the resources of {@code type} whose properties are like {@code properties}. */
    static Set<String> idsOf(Template template, String type, Map<String, ?> properties) {
        return template.findResources(type, withProperties(properties)).keySet();
    }

    /** {@code Fn::GetAtt} of {@code attribute} of the resource {@code logicalId}. */
    static Map<String, Object> getAtt(Object logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    /** {@code Ref} of {@code logicalId}. */
    static Map<String, Object> ref(Object logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** A value of the template as the JSON text it is written as, e.g. a captured {@code Fn::Join}. */
    static String jsonText(Object value) {
        return JSON.valueToTree(value).toString();
    }

    /**
     * Every value that {@code capture} took, in the order the template lists the matching resources, each read with
     * {@code as} (e.g. {@code Capture::asString}); it fails if nothing matched.
     */
    static <T> List<T> everyValue(Capture capture, Function<Capture, T> as) {
        List<T> values = new ArrayList<>();
        do {
            values.add(as.apply(capture));
        } while (capture.next());
        return values;
    }

    /**
     * The resource types in the template, for the checks that span every resource ({@code findResources} takes one
     * type, no wildcard).
     */
    static Set<String> resourceTypes(Template template) {
        Set<String> types = new TreeSet<>();
        ((Map<?, ?>) template.toJSON().get("Resources"))
                .values()
                .forEach(resource -> types.add((String) ((Map<?, ?>) resource).get("Type")));
        return types;
    }

    private static final Map<StageConfig, Synthesized> STAGES = new ConcurrentHashMap<>();

    private SynthesizedStages() {}

    /** Days of log retention that CloudFormation receives for the stage's {@code RetentionDays}. */
    static int logRetentionDays(String stage) {
        return switch (StageConfig.forStage(stage).logRetention()) {
            case ONE_WEEK -> 7;
            case ONE_MONTH -> 30;
            case SIX_MONTHS -> 180;
            default -> throw new IllegalArgumentException("add the retention of stage " + stage + " here");
        };
    }

    /** The teams that the committed team file of {@code stage} declares ({@code infra/teams/<stage>.json}). */
    static StageTeams teams(String stage) {
        return StageTeams.read(StageTeams.file(stage));
    }

    /** A known stage with its defaults. */
    static Synthesized of(String stage) {
        return of(StageConfig.forStage(stage));
    }

    /** Any stage configuration, e.g. one with CDK context overrides applied. */
    static Synthesized of(StageConfig stage) {
        return STAGES.computeIfAbsent(stage, SynthesizedStages::synthesize);
    }

    static Path routerJar() {
        Path real = Path.of(QrRouterApp.DEFAULT_ROUTER_JAR);
        return Files.isRegularFile(real) ? real : Path.of("src/test/resources/fake-router");
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }

    private static Synthesized synthesize(StageConfig stage) {
        Path outdir;
        try {
            outdir = Files.createTempDirectory("qr-router-cdk-" + stage.stageName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(outdir)));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        QrRouterStack stack = QrRouterStack.builder(stage)
                .routerJar(routerJar())
                .alarmEmail("operators@example.com")
                .teams(teams(stage.stageName()))
                .build(app);
        QrRouterApp.addNagPacks(app);
        CloudAssembly assembly = app.synth();
        Template template = Template.fromStack(stack);
        Annotations annotations = Annotations.fromStack(stack);
        List<String> errors = annotations.findError("*", Match.anyValue()).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList();
        List<String> warnings = annotations.findWarning("*", Match.anyValue()).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList();
        return new Synthesized(stack, template, Path.of(assembly.getDirectory()), errors, warnings);
    }
}
