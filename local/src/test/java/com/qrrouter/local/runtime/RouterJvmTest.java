package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterJvmTest {

    @TempDir
    Path dir;

    @Test
    void command_whenBuilt_runsLambdasRuntimeInterfaceClientAsLambdasJava21RuntimeStartsAFunction() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));

        List<String> command = RouterJvm.builder(jar).memoryMb(512).command();

        assertThat(command.subList(1, 6))
                .containsExactly(
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1",
                        "--enable-native-access=ALL-UNNAMED");
        List<String> classPath = List.of(command.get(command.indexOf("-cp") + 1).split(java.io.File.pathSeparator));
        assertThat(classPath).last().isEqualTo(jar.toAbsolutePath().toString());
        assertThat(classPath.getFirst()).contains("aws-lambda-java-runtime-interface-client");
        assertThat(classPath).anyMatch(entry -> entry.contains("aws-lambda-java-serialization"));
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly(RouterJvm.RUNTIME_INTERFACE_CLIENT, PipelineSettings.ROUTER_HANDLER);
    }

    @Test
    void command_whenJvmOptionsAndClassPathAreGiven_putsThemAfterLambdasSoTheyWin() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));
        Path classes = dir.resolve("classes");

        List<String> command = RouterJvm.builder(jar)
                .jvmOptions(List.of("-XX:TieredStopAtLevel=4"))
                .classPath(List.of(classes))
                .command();

        assertThat(command.indexOf("-XX:TieredStopAtLevel=4"))
                .isGreaterThan(command.indexOf("-XX:TieredStopAtLevel=1"));
        assertThat(command.get(command.indexOf("-cp") + 1))
                .endsWith(jar.toAbsolutePath() + java.io.File.pathSeparator + classes.toAbsolutePath());
    }

    @Test
    void lambdaEnvironment_whenBuilt_addsWhatLambdaSetsToTheGivenEnvironment() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));

        Map<String, String> environment = RouterJvm.builder(jar)
                .environment(Map.of("ROUTES_TABLE_NAME", "routes"))
                .memoryMb(512)
                .lambdaEnvironment("127.0.0.1:4711");

        assertThat(environment)
                .containsEntry("ROUTES_TABLE_NAME", "routes")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4711")
                .containsEntry("_HANDLER", PipelineSettings.ROUTER_HANDLER)
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", RouterJvm.DEFAULT_FUNCTION_NAME)
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + RouterJvm.DEFAULT_FUNCTION_NAME);
    }

    @Test
    void lambdaEnvironment_whenTheEnvironmentNamesTheFunction_usesThatName() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));

        Map<String, String> environment = RouterJvm.builder(jar)
                .environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "qr-router-it"))
                .lambdaEnvironment("127.0.0.1:4711");

        assertThat(environment)
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "qr-router-it")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/qr-router-it");
    }

    @Test
    void requireSupportedPlatform_whenNotLinuxOnX86OrArm_saysWhereTheStackRuns() {
        RouterJvm.requireSupportedPlatform("Linux", "amd64");
        RouterJvm.requireSupportedPlatform("Linux", "aarch64");

        assertThatThrownBy(() -> RouterJvm.requireSupportedPlatform("Mac OS X", "aarch64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Mac OS X on aarch64")
                .hasMessageContaining("Linux on x86_64 or aarch64");
        assertThatThrownBy(() -> RouterJvm.requireSupportedPlatform("Linux", "ppc64le"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builder_whenTheJarIsMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> RouterJvm.builder(dir.resolve("missing.jar")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.jar")
                .hasMessageContaining("./mvnw -pl router-function package");
    }
}
