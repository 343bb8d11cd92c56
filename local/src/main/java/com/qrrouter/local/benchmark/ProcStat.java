package com.qrrouter.local.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time of a Linux process from {@code /proc/<pid>/stat}: user + system time of all its threads, in clock ticks. */
final class ProcStat {

    private ProcStat() {}

    /**
     * {@code utime + stime} (fields 14 and 15) of a {@code /proc/<pid>/stat} line. Children's times (cutime, cstime)
     * are not included: the router JVMs are sampled on their own.
     *
     * @throws IllegalArgumentException if the line is not a stat line
     */
    static long cpuTicks(String statLine) {
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so the fields are counted after the last
        // ')'.
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("Not a /proc/<pid>/stat line (no '(comm)'): " + abbreviate(statLine));
        }
        String[] fields = statLine.substring(close + 1).strip().split(" +");
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        if (fields.length < 13) {
            throw new IllegalArgumentException("A /proc/<pid>/stat line has at least 15 fields, got "
                    + (fields.length + 2) + ": " + abbreviate(statLine));
        }
        try {
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "utime and stime of a /proc/<pid>/stat line are numbers: " + abbreviate(statLine), e);
        }
    }

    /** The process's CPU ticks now, or empty if it has exited (or there is no {@code /proc}). */
    static OptionalLong read(long pid) {
        try {
            return OptionalLong.of(cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))));
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
