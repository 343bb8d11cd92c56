package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The commands `./run local` prints work as printed: the token command, then the POST of the seed sample. */
class InstructionsIT {

    @Test
    void instructions_whenTokenAndPostCommandsRunInBash_queueTheSeedSample() throws Exception {
        assumeTrue(onPath("curl") && onPath("bash"), "curl and bash are needed to run the printed commands");
        LocalStack stack = LocalStage.shared().stack();
        List<String> lines = LocalStackMain.instructions(stack).lines().toList();

        String tokenCommand = commandAfter(lines, "2. Get a token");
        String postCommand = commandAfter(lines, "3. Post the seed sample");
        String output = bash(tokenCommand + "\n" + postCommand);

        assertThat(output).contains("\"SendMessageResponse\"").contains("\"MD5OfMessageBody\"");
        assertThat(LocalStackMain.instructions(stack))
                .contains("CLIENT_SECRET=" + stack.machineClient().clientSecret())
                .contains("mosquitto_sub -h 127.0.0.1 -p " + stack.mqttPort())
                .contains("--table-name " + stack.routesTable())
                .contains(stack.queues().deadLetterQueueUrl());
    }

    private static String commandAfter(List<String> lines, String heading) {
        int index = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith(heading))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No '" + heading + "' in the instructions")));
        return lines.get(index + 1).strip();
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
