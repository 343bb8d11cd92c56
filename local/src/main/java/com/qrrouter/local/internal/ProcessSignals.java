package com.qrrouter.local.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sends POSIX signals (STOP, CONT) to other processes through one long-lived {@code /bin/sh}, whose {@code kill} is a
 * shell builtin: a signal costs a line written and a line read, not a new process. Java has no API to send SIGSTOP or
 * SIGCONT, and starting the {@code kill} command twice per invocation cost the local stack about 3 ms of CPU and 2 ms
 * of latency per batch. If the shell has ended, the next signal starts a new one.
 */
final class ProcessSignals implements AutoCloseable {

    private static final Pattern SIGNAL_NAME = Pattern.compile("[A-Z]{2,8}");
    private static final String REPLY_PREFIX = "exit=";
    /** Reads "NAME PID" lines and answers each with the output of kill (errors) and then "exit=<status>". */
    private static final String LOOP =
            "while read -r name pid; do kill -s \"$name\" \"$pid\" 2>&1; echo \"" + REPLY_PREFIX + "$?\"; done";

    private Process shell;
    private Writer commands;
    private BufferedReader replies;

    /**
     * Sends {@code SIG<name>} to {@code pid}.
     *
     * @return whether it was sent; false if kill refused (e.g. the process has ended)
     * @throws UncheckedIOException if no shell can be started or it ended while answering
     */
    synchronized Result send(String name, long pid) {
        if (!SIGNAL_NAME.matcher(name).matches() || pid <= 0) {
            throw new IllegalArgumentException("Not a signal name and process id: " + name + " " + pid);
        }
        try {
            ensureShell();
            commands.write(name + " " + pid + "\n");
            commands.flush();
            StringBuilder output = new StringBuilder();
            for (String line = replies.readLine(); line != null; line = replies.readLine()) {
                if (line.startsWith(REPLY_PREFIX)) {
                    return new Result(
                            Integer.parseInt(
                                    line.substring(REPLY_PREFIX.length()).trim()),
                            output.toString());
                }
                output.append(line).append(' ');
            }
            throw new IOException("the shell ended while sending SIG" + name + " to " + pid);
        } catch (IOException e) {
            stopShell();
            throw new UncheckedIOException("Cannot send SIG" + name + " to process " + pid + " through /bin/sh", e);
        }
    }

    /** What kill answered: its exit status and what it printed (empty when it succeeded). */
    record Result(int exitStatus, String output) {
        boolean sent() {
            return exitStatus == 0;
        }

        String describe() {
            return String.format(Locale.ROOT, "exit %d: %s", exitStatus, output.trim());
        }
    }

    private void ensureShell() throws IOException {
        if (shell != null && shell.isAlive()) {
            return;
        }
        shell = new ProcessBuilder("/bin/sh", "-c", LOOP)
                .redirectErrorStream(true)
                .start();
        commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        replies = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    private void stopShell() {
        if (shell != null) {
            shell.destroyForcibly();
            shell = null;
        }
    }

    @Override
    public synchronized void close() {
        stopShell();
    }
}
