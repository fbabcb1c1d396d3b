package org.tilewright.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.TilewrightException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Input paths from the command line, from {@code @list.txt} (expanded by picocli, one path a
 * line), from {@code --inputs-from FILE}, or from stdin with {@code --inputs-from -}, so
 * 100 000 paths never meet the shell's argument limit.
 */
final class InputList {
    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Input images (or @list.txt).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--inputs-from", paramLabel = "FILE",
            description = "Read input paths from FILE, one a line; '-' reads stdin.")
    String inputsFrom;

    /** Every input, in order; throws if there are none. */
    List<Path> paths() {
        List<Path> all = new ArrayList<>(inputs);
        if (inputsFrom != null) {
            try (BufferedReader in = inputsFrom.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(inputsFrom), StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        all.add(Path.of(line.trim()));
                    }
                }
            } catch (IOException e) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT,
                        inputsFrom + ": cannot read the input list: " + e.getMessage(), e);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no inputs: give image paths, @list.txt or --inputs-from FILE");
        }
        return all;
    }
}
