package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built CLI jar run as users run it: a separate JVM, its exit code, stdout and stderr. */
final class TilewrightProcess {
    private TilewrightProcess() {
    }

    /** What one run of the command printed and returned. */
    record Run(int exit, String out, String err) {}

    /** Starts {@code java -jar tilewright.jar args…} without waiting for it. */
    static Process start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Starts {@code java JVM-OPTIONS -jar tilewright.jar args…} without waiting for it. */
    static Process start(List<String> jvmOptions, String... args) throws IOException {
        String jar = System.getProperty("tilewright.jar", "target/tilewright.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** Runs the command with no input and waits (at most two minutes) for it to end. */
    static Run run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Runs the command with {@code stdin} as its input and waits for it to end. */
    static Run runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return runWithJvm(List.of(), stdin, args);
    }

    /** Runs the command in a JVM started with {@code jvmOptions}, {@code stdin} as its input. */
    static Run runWithJvm(List<String> jvmOptions, String stdin, String... args) throws IOException, InterruptedException {
        Process p = start(jvmOptions, args);
        // stderr is drained on its own thread so that a chatty command cannot block on a full pipe.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errDrain = new Thread(() -> copy(p.getErrorStream(), err), "stderr-drain");
        errDrain.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        errDrain.join();
        assertTrue(finished, "the command finished within two minutes");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
