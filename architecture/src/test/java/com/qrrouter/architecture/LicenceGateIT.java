package com.qrrouter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The licence gate (decision 0010) seen at work on planted dependencies: the real parent pom's license-maven-plugin
 * configuration run on a fixture project, and the npm check run on a fixture lock file. Each builds in a child
 * process, as the test command would.
 */
class LicenceGateIT {

    private static final Path ARCHITECTURE = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = ARCHITECTURE.getParent();
    private static final Path FIXTURES = ARCHITECTURE.resolve("target/test-classes/licence-gate-fixtures");

    @Test
    void mavenGate_whenDependencyIsUnderVendorTerms_failsNamingTheLicence() throws Exception {
        Run run = buildMavenFixture("planted-proprietary");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output())
                .contains("License: 'Acme Corp End User Licence Agreement' used by 1 dependencies")
                .contains("org.example.planted:planted-proprietary:1.0.0")
                .contains("There are some forbidden licenses used");
    }

    @Test
    void mavenGate_whenDependencyNamesNoLicence_fails() throws Exception {
        Run run = buildMavenFixture("planted-unlicensed");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output())
                .contains("There is 1 dependency with no license")
                .contains("org.example.planted--planted-unlicensed--1.0.0");
    }

    @Test
    void mavenGate_whenApacheLicenceHasAnotherName_passesAndListsItAsApache() throws Exception {
        Run run = buildMavenFixture("planted-open");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readString(FIXTURES.resolve("maven-planted/target/generated-sources/license/THIRD-PARTY.txt")))
                .contains("(Apache-2.0) planted-open (org.example.planted:planted-open:1.0.0");
    }

    @Test
    void npmGate_whenPackageIsUnderVendorTerms_failsNamingThePackage() throws Exception {
        Path output = ARCHITECTURE.resolve("target/licence-gate-it/npm");

        Run run = run(
                FIXTURES.resolve("npm-planted"),
                List.of(
                        "node",
                        REPOSITORY.resolve("licences/npm-licences.mjs").toString(),
                        output.toString(),
                        FIXTURES.resolve("npm-planted").toString()));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output())
                .contains("Package \"planted-proprietary@1.0.0\" is licensed under \"Custom: EULA.txt\"")
                .contains("not permitted");
    }

    private static Run buildMavenFixture(String plantedArtifact) throws IOException, InterruptedException {
        Path pom = FIXTURES.resolve("maven-planted/pom.xml");
        return run(
                REPOSITORY,
                List.of(
                        REPOSITORY.resolve("mvnw").toString(),
                        "-B",
                        "-f",
                        pom.toString(),
                        "-Dplanted.artifact=" + plantedArtifact,
                        "process-test-classes"));
    }

    private static Run run(Path workingDirectory, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("licence-gate-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after 5 minutes: " + String.join(" ", command));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {}
}
