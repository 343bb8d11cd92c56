package com.qrrouter.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * The "0 skipped" gate of the test command (decision 0011): run by this module's build at {@code verify}, the last
 * module of the reactor, it reads the Surefire and Failsafe XML reports that this build wrote in every module and fails
 * when any test was skipped, naming each one. A skipped test in CI is a promise nobody checked.
 *
 * <p>Arguments: the repository folder and the build's start time (ISO-8601); reports older than the start are left
 * out, so stale reports of a module that this build did not run do not count.
 */
public final class SkippedTestsGate {

    private SkippedTestsGate() {}

    public static void main(String[] arguments) throws Exception {
        Path repository = Path.of(arguments[0]).toAbsolutePath().normalize();
        Instant buildStart = Instant.parse(arguments[1]);
        List<String> skipped = new ArrayList<>();
        int reports = 0;
        for (Path report : reports(repository, buildStart)) {
            reports++;
            skipped.addAll(skippedTests(repository, report));
        }
        if (!skipped.isEmpty()) {
            throw new IllegalStateException(skipped.size()
                    + " test(s) skipped in this build; the test command allows none (decision 0011). Make each run"
                    + " here (install what it needs in .ci/run) or delete it:\n  " + String.join("\n  ", skipped));
        }
        System.out.printf("skipped-tests gate: 0 skipped in %d test reports of this build%n", reports);
    }

    static List<Path> reports(Path repository, Instant buildStart) throws IOException {
        try (Stream<Path> modules = Files.list(repository)) {
            List<Path> found = new ArrayList<>();
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String folder : List.of("target/surefire-reports", "target/failsafe-reports")) {
                    Path reports = module.resolve(folder);
                    if (!Files.isDirectory(reports)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(reports)) {
                        for (Path file : files.filter(
                                        f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                                .sorted()
                                .toList()) {
                            if (!Files.getLastModifiedTime(file).toInstant().isBefore(buildStart)) {
                                found.add(file);
                            }
                        }
                    }
                }
            }
            return found;
        }
    }

    static List<String> skippedTests(Path repository, Path report) throws Exception {
        Element suite = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(report.toFile())
                .getDocumentElement();
        List<String> skipped = new ArrayList<>();
        var testCases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < testCases.getLength(); i++) {
            Element testCase = (Element) testCases.item(i);
            var marks = testCase.getElementsByTagName("skipped");
            if (marks.getLength() > 0) {
                String reason = ((Element) marks.item(0)).getAttribute("message");
                skipped.add(testCase.getAttribute("classname") + "." + testCase.getAttribute("name")
                        + (reason.isBlank() ? "" : " (" + reason + ")") + " in " + repository.relativize(report));
            }
        }
        if (skipped.isEmpty()
                && !"0".equals(suite.getAttribute("skipped"))
                && !suite.getAttribute("skipped").isEmpty()) {
            skipped.add(suite.getAttribute("name") + ": " + suite.getAttribute("skipped") + " skipped in "
                    + repository.relativize(report));
        }
        return skipped;
    }
}
