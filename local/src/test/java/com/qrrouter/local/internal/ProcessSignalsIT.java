package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcessSignalsIT {

    @Test
    void send_whenStopThenCont_stopsAndResumesTheProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (ProcessSignals signals = new ProcessSignals()) {
            assertThat(signals.send("STOP", sleeper.pid()).sent()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> state(sleeper.pid()) == 'T');

            assertThat(signals.send("CONT", sleeper.pid()).sent()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> state(sleeper.pid()) != 'T');
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void send_whenProcessHasEnded_answersNotSentWithKillsMessage() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        try (ProcessSignals signals = new ProcessSignals()) {
            ProcessSignals.Result result = signals.send("CONT", ended.pid());

            assertThat(result.sent()).isFalse();
            assertThat(result.describe()).startsWith("exit 1: ").contains("kill");
            // The same shell still answers afterwards.
            assertThat(signals.send("CONT", ProcessHandle.current().pid()).sent())
                    .isTrue();
        }
    }

    @Test
    void send_whenAskedForSomethingElseThanASignal_refusesBeforeTheShellSeesIt() {
        try (ProcessSignals signals = new ProcessSignals()) {
            assertThatThrownBy(() -> signals.send("CONT; rm -rf /", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> signals.send("CONT", 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The state letter of {@code /proc/<pid>/stat} (after the command name in parentheses). */
    private static char state(long pid) throws IOException {
        return ProcStat.state(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }
}
