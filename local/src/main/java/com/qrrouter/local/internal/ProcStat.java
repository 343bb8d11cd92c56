package com.qrrouter.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Fields of a Linux {@code /proc/<pid>/stat} (or {@code /proc/<pid>/task/<tid>/stat}) line: a process's state, and its
 * CPU time (user + system time of all its threads, in clock ticks). The fields are counted after the last {@code ')'}:
 * the command name before it may hold spaces and parentheses.
 */
public final class ProcStat {

    private ProcStat() {}

    /**
     * {@code utime + stime} (fields 14 and 15) of a {@code /proc/<pid>/stat} line. Children's times (cutime, cstime)
     * are not included: the router JVMs are sampled on their own.
     *
     * @throws IllegalArgumentException if the line is not a stat line
     */
    public static long cpuTicks(String statLine) {
        String[] fields = fieldsFromState(statLine);
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

    /**
     * The state letter (field 3) of a {@code /proc/<pid>/stat} line: {@code R} running, {@code S} sleeping, {@code T}
     * stopped, {@code Z} zombie...
     *
     * @throws IllegalArgumentException if the line is not a stat line
     */
    public static char state(String statLine) {
        return fieldsFromState(statLine)[0].charAt(0);
    }

    /** The process's CPU ticks now, or empty if it has exited (or there is no {@code /proc}). */
    public static OptionalLong read(long pid) {
        try {
            return OptionalLong.of(cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))));
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /** The fields from field 3 (state) on. */
    private static String[] fieldsFromState(String statLine) {
        // pid (comm) state ppid ...
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("Not a /proc/<pid>/stat line (no '(comm)'): " + abbreviate(statLine));
        }
        String[] fields = statLine.substring(close + 1).strip().split(" +");
        if (fields[0].isEmpty()) {
            throw new IllegalArgumentException(
                    "A /proc/<pid>/stat line has a state after '(comm)': " + abbreviate(statLine));
        }
        return fields;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
