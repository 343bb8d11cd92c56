package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void command_whenBuilt_startsTheRuntimeAsLambdasJava21RuntimeStartsAFunction() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));

        List<String> command = RouterJvm.builder(jar).memoryMb(512).command(4711);

        assertThat(command.subList(1, 5))
                .containsExactly("-Xmx512m", "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
        assertThat(command.get(command.indexOf("-cp") + 1))
                .startsWith(jar.toAbsolutePath().toString())
                .endsWith(RuntimeClasses.location().toString());
        assertThat(command.subList(command.indexOf(LambdaRuntime.class.getName()) + 1, command.size()))
                .containsExactly(
                        RouterJvm.ROUTER_HANDLER,
                        "4711",
                        RouterJvm.DEFAULT_FUNCTION_NAME,
                        "arn:aws:lambda:eu-west-1:000000000000:function:" + RouterJvm.DEFAULT_FUNCTION_NAME,
                        "512");
    }

    @Test
    void command_whenJvmOptionsAndClassPathAreGiven_putsThemAfterLambdasSoTheyWin() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));
        Path classes = dir.resolve("classes");

        List<String> command = RouterJvm.builder(jar)
                .jvmOptions(List.of("-XX:TieredStopAtLevel=4"))
                .classPath(List.of(classes))
                .command(4711);

        assertThat(command.indexOf("-XX:TieredStopAtLevel=4"))
                .isGreaterThan(command.indexOf("-XX:TieredStopAtLevel=1"));
        assertThat(command.get(command.indexOf("-cp") + 1))
                .contains(jar.toAbsolutePath() + java.io.File.pathSeparator + classes.toAbsolutePath());
    }

    @Test
    void command_whenTheEnvironmentNamesTheFunction_usesThatName() throws Exception {
        Path jar = Files.createFile(dir.resolve("router.jar"));

        List<String> command = RouterJvm.builder(jar)
                .environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "qr-router-it"))
                .command(4711);

        assertThat(command).contains("qr-router-it", "arn:aws:lambda:eu-west-1:000000000000:function:qr-router-it");
    }

    @Test
    void builder_whenTheJarIsMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> RouterJvm.builder(dir.resolve("missing.jar")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.jar")
                .hasMessageContaining("./mvnw -pl router-function package");
    }
}
