package org.tilewright.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.Processes;

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
        return builder(jvmOptions, args).start();
    }

    private static ProcessBuilder builder(List<String> jvmOptions, String... args) {
        String jar = System.getProperty("tilewright.jar", "target/tilewright.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
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
        Processes.Output o = Processes.run(builder(jvmOptions, args), stdin);
        return new Run(o.exit(), o.out(), o.err());
    }
}
