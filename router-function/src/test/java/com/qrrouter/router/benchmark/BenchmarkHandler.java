package com.qrrouter.router.benchmark;

import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.router.testing.DeployableJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The two handlers the benchmark compares in a fresh JVM (cold start, CPU per scan), each run by {@link RouterJvm} as
 * the local stack runs the router: ours is the deployable jar's {@code RouterHandler}; the baseline is
 * {@link SeedStyleHandler} on the same jar (its SDK clients), its class alone added to the class path.
 */
enum BenchmarkHandler {
    OURS("ours", RouterJvm.ROUTER_HANDLER),
    BASELINE("baseline", SeedStyleHandler.class.getName() + "::handleRequest");

    /** Where the baseline handler's class is copied to, alone: the test classes hold a log4j2-test.xml too. */
    private static final Path BASELINE_CLASSES = Path.of("target", "benchmark-baseline-classes");

    final String label;
    final String handler;

    BenchmarkHandler(String label, String handler) {
        this.label = label;
        this.handler = handler;
    }

    /** A fresh JVM of this handler with {@code environment}, its output in {@code target/benchmark-<name>.log}. */
    RouterJvm.Builder launcher(Map<String, String> environment, String name) {
        RouterJvm.Builder launcher = DeployableJar.launcher()
                .handler(handler)
                .environment(environment)
                .output(Path.of("target", "benchmark-" + name + "-" + label + ".log"));
        return this == BASELINE ? launcher.classPath(List.of(baselineClasses())) : launcher;
    }

    /** A class path entry with {@link SeedStyleHandler}'s class files and nothing else. */
    private static Path baselineClasses() {
        String packagePath = SeedStyleHandler.class.getPackageName().replace('.', '/');
        Path source = Path.of("target", "test-classes", packagePath);
        Path target = BASELINE_CLASSES.resolve(packagePath);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(target);
            for (Path file : files.filter(BenchmarkHandler::isBaselineClass).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the baseline handler's classes to " + target, e);
        }
        return BASELINE_CLASSES.toAbsolutePath();
    }

    private static boolean isBaselineClass(Path file) {
        String name = file.getFileName().toString();
        String simpleName = SeedStyleHandler.class.getSimpleName();
        return name.equals(simpleName + ".class") || name.startsWith(simpleName + "$");
    }
}
