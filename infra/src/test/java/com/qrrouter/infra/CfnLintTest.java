package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lints the synthesized template of every stage with cfn-lint (installed on our machines; skip with
 * {@code -DskipCfnLint} where it cannot be). Errors and warnings fail, except W3005: the CDK writes an explicit
 * DependsOn beside a Ref in a few of its own constructs, which is redundant, not wrong.
 */
class CfnLintTest {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "eu-central-1");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void template_whenLinted_hasNoErrorOrWarning(String stage) throws Exception {
        assertLintsClean(SynthesizedStages.of(stage));
    }

    /** Lints a synthesized template; fails on any finding but W3005. */
    static void assertLintsClean(SynthesizedStages.Synthesized synthesized) throws Exception {
        assumeFalse(Boolean.getBoolean("skipCfnLint"), "cfn-lint skipped with -DskipCfnLint");
        String stage = synthesized.stack().getStackName();
        var template = synthesized.templateFile();
        assertThat(template).exists();
        List<String> command = new java.util.ArrayList<>(
                List.of("cfn-lint", "--format", "parseable", "--ignore-checks", "W3005", "--regions"));
        command.addAll(REGIONS);
        command.add("--");
        command.add(template.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cfn-lint is not on the PATH (" + e.getMessage() + "): install it with 'pip install cfn-lint'"
                    + " or run the build with -DskipCfnLint");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        assertThat(output).as("cfn-lint findings for %s", stage).isBlank();
        assertThat(process.exitValue())
                .as("cfn-lint exit code; output:%n%s", output)
                .isZero();
    }
}
