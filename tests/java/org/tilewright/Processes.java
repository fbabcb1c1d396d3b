package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a test's child process to its end: the one place that feeds, drains and waits. */
public final class Processes {
    private Processes() {
    }

    /** What a finished process printed and returned. */
    public record Output(int exit, String out, String err) {}

    /**
     * Starts {@code builder}'s process, writes {@code stdin} to it, drains stdout and stderr
     * (stderr on its own thread, so that a chatty process cannot block on a full pipe) and
     * waits at most two minutes, failing the test if it takes longer.
     */
    public static Output run(ProcessBuilder builder, String stdin) throws IOException, InterruptedException {
        Process p = builder.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errDrain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "stderr-drain");
        errDrain.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        errDrain.join();
        assertTrue(finished, String.join(" ", builder.command()) + " finished within two minutes");
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
