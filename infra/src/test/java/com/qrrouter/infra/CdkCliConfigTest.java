package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CDK CLI setup that {@code cdk synth|deploy} relies on: {@code cdk.json} runs this module's app through the Maven
 * wrapper, and the CLI is pinned to an exact 2.x version (3.x rejects our cloud-assembly schema).
 */
class CdkCliConfigTest {

    /** Reads the fields named below and ignores the rest of each file. */
    private static final ObjectMapper JSON =
            SynthesizedStages.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** {@code cdk.json}: the command that runs the app, and default context. */
    record CdkJson(String app, Map<String, Object> context) {}

    /** {@code package.json}: the pinned CLI among the dev dependencies. */
    record PackageJson(Map<String, String> devDependencies) {}

    /** {@code package-lock.json}: the installed version of each package, by its path under the module. */
    record PackageLock(Map<String, LockedPackage> packages) {}

    record LockedPackage(String version) {}

    @Test
    void cdkJson_whenRead_runsTheAppThroughTheMavenWrapperOfThisModule() throws Exception {
        CdkJson cdkJson = JSON.readValue(Path.of("cdk.json").toFile(), CdkJson.class);
        assertThat(cdkJson.app()).startsWith("../mvnw ").contains("-pl infra").contains("exec:java");
        assertThat(cdkJson.context()).containsEntry("stage", "dev");

        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<mainClass>" + QrRouterApp.class.getName() + "</mainClass>");
    }

    @Test
    void packageJson_whenRead_pinsTheCdkCliToAnExactVersion2() throws Exception {
        PackageJson packageJson = JSON.readValue(Path.of("package.json").toFile(), PackageJson.class);
        String version = packageJson.devDependencies().get("aws-cdk");
        assertThat(version).matches("2\\.\\d+\\.\\d+");

        PackageLock lock = JSON.readValue(Path.of("package-lock.json").toFile(), PackageLock.class);
        assertThat(lock.packages()).containsKey("node_modules/aws-cdk");
        assertThat(lock.packages().get("node_modules/aws-cdk").version()).isEqualTo(version);
    }
}
