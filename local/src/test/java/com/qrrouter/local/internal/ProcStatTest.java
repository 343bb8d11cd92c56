package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    /** A JVM's line as Linux writes it: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt ... */
    private static final String JAVA =
            "4391 (java) S 4365 4365 3121 34816 4365 1077936128 128633 0 27 0 812 148 3 1 20 0"
                    + " 61 0 2391873 5384474624 96017 18446744073709551615 1 1 0 0 0 0 0 4096 17103 0 0 0 17 1 0 0 0 0 0";

    @Test
    void cpuTicks_whenJvmLine_isUserPlusSystemTime() {
        assertThat(ProcStat.cpuTicks(JAVA)).isEqualTo(812 + 148);
    }

    @Test
    void cpuTicks_whenCommandHoldsSpacesAndParentheses_countsFieldsAfterTheLastParenthesis() {
        String line = "77 (my (odd) name) R 1 77 77 0 -1 4194304 10 0 0 0 5 7 100 200 20 0 1 0 99 0 0";

        assertThat(ProcStat.cpuTicks(line)).isEqualTo(12);
    }

    @Test
    void state_whenCommandHoldsSpacesAndParentheses_readsTheLetterAfterTheLastParenthesis() {
        assertThat(ProcStat.state(JAVA)).isEqualTo('S');
        assertThat(ProcStat.state("77 (my (odd) T name) T 1 77")).isEqualTo('T');
        assertThatThrownBy(() -> ProcStat.state("not a stat line")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuTicks_whenTooFewFields_saysSo() {
        assertThatThrownBy(() -> ProcStat.cpuTicks("1 (init) S 0 1 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 15 fields");
    }

    @Test
    void cpuTicks_whenNoCommand_saysItIsNoStatLine() {
        assertThatThrownBy(() -> ProcStat.cpuTicks("not a stat line"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a /proc/<pid>/stat line");
    }

    @Test
    void cpuTicks_whenTimesAreNotNumbers_saysSo() {
        String line = "1 (x) S 0 1 1 0 -1 0 0 0 0 0 u s 0 0 20 0 1 0 1";

        assertThatThrownBy(() -> ProcStat.cpuTicks(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are numbers");
    }

    @Test
    void read_whenProcessExistsThenEnds_readsItsStatThenNothing() {
        // Reads a file, opens no socket: the JVM's own /proc entry (Linux), and a pid that cannot exist.
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"))) {
            assertThat(ProcStat.read(ProcessHandle.current().pid())).isPresent();
        }
        assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
    }
}
