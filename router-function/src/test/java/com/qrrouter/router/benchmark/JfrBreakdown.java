package com.qrrouter.router.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU of a scan goes, from a JDK Flight Recorder recording: every {@code jdk.ExecutionSample} (a Java thread
 * caught running Java code) is counted under one part of the work. The part is the one of the frame nearest the top of
 * the stack that belongs to a known part; frames of general-purpose code (the JDK's collections, strings, crypto,
 * Jackson) say nothing by themselves, so their caller decides: SHA-256 under the SigV4 signer is signing, under
 * Powertools' idempotency it is the idempotency key.
 *
 * <p>JIT compilation and GC run on JVM threads, which JFR does not sample: they are the process CPU time minus that of
 * the Java threads (see {@code CpuFigures}).
 */
public final class JfrBreakdown {

    /** A part of the work and the class-name prefixes of its code; the first part whose prefix matches wins. */
    record Part(String name, List<String> prefixes) {

        boolean matches(String className) {
            for (String prefix : prefixes) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Checked in this order, before {@link #GENERAL_PURPOSE} code is skipped. */
    static final List<Part> PARTS = List.of(
            new Part(
                    "thread hand-offs and locks (record pool, futures, park)",
                    List.of(
                            "java.util.concurrent.locks.",
                            "java.util.concurrent.ThreadPoolExecutor",
                            "java.util.concurrent.FutureTask",
                            "java.util.concurrent.LinkedBlockingQueue",
                            "java.util.concurrent.AbstractExecutorService",
                            "java.util.concurrent.CompletableFuture",
                            "java.util.concurrent.Executors",
                            "java.lang.VirtualThread")),
            new Part(
                    "HTTP client and sockets (URL connection)",
                    List.of(
                            "software.amazon.awssdk.http.urlconnection.",
                            "sun.net.",
                            "java.net.Socket",
                            "java.net.HttpURLConnection",
                            "java.net.URLConnection",
                            "java.net.InetAddress",
                            "java.net.URL.",
                            "sun.nio.ch.",
                            "sun.security.ssl.")),
            new Part(
                    "SDK: SigV4 signing",
                    List.of(
                            "software.amazon.awssdk.http.auth.aws.",
                            "software.amazon.awssdk.auth.signer.",
                            "software.amazon.awssdk.http.auth.spi.",
                            "software.amazon.awssdk.core.internal.http.pipeline.stages.SigningStage")),
            new Part(
                    "SDK: endpoint rules",
                    List.of(
                            "software.amazon.awssdk.services.dynamodb.endpoints.",
                            "software.amazon.awssdk.services.iotdataplane.endpoints.",
                            "software.amazon.awssdk.services.sqs.endpoints.",
                            "software.amazon.awssdk.endpoints.",
                            "software.amazon.awssdk.awscore.endpoints.",
                            "software.amazon.awssdk.services.dynamodb.jmespath.")),
            new Part(
                    "SDK: marshalling and unmarshalling",
                    List.of(
                            "software.amazon.awssdk.protocols.",
                            "software.amazon.awssdk.core.protocol.",
                            "software.amazon.awssdk.core.internal.protocol.",
                            "software.amazon.awssdk.services.dynamodb.transform.",
                            "software.amazon.awssdk.services.iotdataplane.transform.",
                            "software.amazon.awssdk.services.sqs.transform.",
                            "software.amazon.awssdk.services.dynamodb.model.",
                            "software.amazon.awssdk.services.iotdataplane.model.",
                            "software.amazon.awssdk.core.SdkBytes",
                            "software.amazon.awssdk.core.SdkField")),
            new Part("SDK: request pipeline (other)", List.of("software.amazon.awssdk.")),
            new Part(
                    "logging (log4j2 JSON layout, Powertools)",
                    List.of("org.apache.logging.", "software.amazon.lambda.powertools.logging.", "org.slf4j.")),
            new Part(
                    "EMF metrics (Powertools)",
                    List.of("software.amazon.lambda.powertools.metrics.", "software.amazon.cloudwatchlogs.")),
            new Part(
                    "idempotency (Powertools: key, SHA-256, record)",
                    List.of(
                            "software.amazon.lambda.powertools.idempotency.",
                            "software.amazon.lambda.powertools.utilities.",
                            "io.burt.jmespath.",
                            "com.qrrouter.router.internal.PowertoolsIdempotencyGuard",
                            "com.qrrouter.router.internal.DynamoDbIdempotencyStore")),
            new Part("schema validation", List.of("com.qrrouter.schema.", "com.networknt.")),
            new Part("Powertools (other)", List.of("software.amazon.lambda.powertools.")),
            new Part("router (own code)", List.of("com.qrrouter.router.", "com.qrrouter.settings.")),
            new Part(
                    "local Lambda runtime (batch from the wire, context)",
                    List.of("com.qrrouter.local.", "com.amazonaws.services.lambda.runtime.")));

    /** Code that serves every part: its caller decides which part a sample belongs to. */
    static final List<String> GENERAL_PURPOSE = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "com.fasterxml.", "software.amazon.awssdk.thirdparty.");

    static final String UNATTRIBUTED = "JDK only (no caller of ours or of a library on the stack)";

    /** Samples per part, largest first, over the samples taken between {@code from} and {@code to}. */
    record Breakdown(Map<String, Long> samplesByPart, long total) {

        String format() {
            StringBuilder out = new StringBuilder();
            samplesByPart.forEach((part, samples) -> out.append(String.format(
                    Locale.ROOT,
                    "  %5.1f %%  %-55s %6d samples%n",
                    100.0 * samples / Math.max(1, total),
                    part,
                    samples)));
            return out.toString();
        }
    }

    private JfrBreakdown() {}

    /** The part a stack belongs to; {@code classNames} are the stack's frames' classes, the top (running) one first. */
    static String partOf(List<String> classNames) {
        for (String className : classNames) {
            // The hand-off and HTTP prefixes are JDK classes: look for a part before skipping general-purpose code.
            for (Part part : PARTS) {
                if (part.matches(className)) {
                    return part.name();
                }
            }
            if (GENERAL_PURPOSE.stream().noneMatch(className::startsWith)) {
                return "other: " + packageOf(className);
            }
        }
        return UNATTRIBUTED;
    }

    /** Breaks down the execution samples of {@code recording} taken between {@code from} and {@code to}. */
    static Breakdown of(Path recording, Instant from, Instant to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(from)
                        || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                List<String> classNames = new ArrayList<>();
                if (stack != null) {
                    for (RecordedFrame frame : stack.getFrames()) {
                        if (frame.getMethod() != null && frame.getMethod().getType() != null) {
                            classNames.add(frame.getMethod().getType().getName());
                        }
                    }
                }
                counts.merge(partOf(classNames), 1L, Long::sum);
                total++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the flight recording " + recording, e);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return new Breakdown(sorted, total);
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }
}
