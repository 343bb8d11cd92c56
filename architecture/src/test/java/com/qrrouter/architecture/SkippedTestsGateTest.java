package com.qrrouter.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedTestsGateTest {

    private static final String PASSED = """
            <testsuite name="com.example.FooTest" tests="1" failures="0" errors="0" skipped="0">
              <testcase name="foo_whenBar_baz" classname="com.example.FooTest" time="0.1"/>
            </testsuite>
            """;
    private static final String SKIPPED = """
            <testsuite name="com.example.AwsCliIT" tests="2" failures="0" errors="0" skipped="1">
              <testcase name="run_whenCliThere_works" classname="com.example.AwsCliIT" time="0.1">
                <skipped message="Assumption failed: aws not on PATH"/>
              </testcase>
              <testcase name="other_whenThere_works" classname="com.example.AwsCliIT" time="0.1"/>
            </testsuite>
            """;

    @TempDir
    Path repository;

    @Test
    void main_whenEveryTestRan_passes() throws Exception {
        report("router-function/target/surefire-reports/TEST-com.example.FooTest.xml", PASSED);

        SkippedTestsGate.main(new String[] {
            repository.toString(), Instant.now().minusSeconds(60).toString()
        });
    }

    @Test
    void main_whenATestSkipped_failsNamingTheTestAndItsReason() throws Exception {
        report("router-function/target/surefire-reports/TEST-com.example.FooTest.xml", PASSED);
        report("e2e-tests/target/failsafe-reports/TEST-com.example.AwsCliIT.xml", SKIPPED);

        assertThatThrownBy(() -> SkippedTestsGate.main(new String[] {
                    repository.toString(), Instant.now().minusSeconds(60).toString()
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 test(s) skipped")
                .hasMessageContaining(
                        "com.example.AwsCliIT.run_whenCliThere_works (Assumption failed: aws not on PATH)")
                .hasMessageContaining("e2e-tests/target/failsafe-reports/TEST-com.example.AwsCliIT.xml");
    }

    @Test
    void reports_whenAReportIsOlderThanTheBuild_leavesItOut() throws Exception {
        Path stale = report("local/target/failsafe-reports/TEST-com.example.AwsCliIT.xml", SKIPPED);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        Path fresh = report("local/target/surefire-reports/TEST-com.example.FooTest.xml", PASSED);

        assertThat(SkippedTestsGate.reports(repository, Instant.now().minusSeconds(60)))
                .containsExactly(fresh);
    }

    private Path report(String path, String xml) throws Exception {
        Path file = repository.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, xml);
    }
}
