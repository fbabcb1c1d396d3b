package org.tilewright.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.Tilewright;
import org.tilewright.TilewrightException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Input paths from the command line, from {@code @list.txt} (one path a line), from
 * {@code --inputs-from FILE}, or from stdin with {@code --inputs-from -}, so 100 000 paths
 * never meet the shell's argument limit. A list's lines are paths, always — never options
 * ({@code --overwrite} in a list is a file of that name). Temporary files of unfinished jobs
 * ({@code name.tw-partial-…}) that a glob picks up are left out, with a note.
 */
final class InputList {
    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Input images (or @list.txt).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--inputs-from", paramLabel = "FILE",
            description = "Read input paths from FILE, one a line; '-' reads stdin.")
    String inputsFrom;

    /** Every input, in order; throws if there are none. */
    List<Path> paths() {
        List<Path> all = new ArrayList<>();
        for (Path p : inputs) {
            String text = p.toString();
            if (text.startsWith("@") && text.length() > 1) {
                readList(text.substring(1), all);
            } else {
                all.add(p);
            }
        }
        if (inputsFrom != null) {
            readList(inputsFrom, all);
        }
        List<Path> kept = new ArrayList<>();
        for (Path p : all) {
            if (Tilewright.isUnfinishedOutput(p)) {
                System.err.println("tilewright: note: leaving out " + p + ", a temporary file of an unfinished job");
            } else {
                kept.add(p);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no inputs: give image paths, @list.txt or --inputs-from FILE");
        }
        return kept;
    }

    /** Adds the paths of a list file ('-': stdin), one a line; blank lines and '#' comments are skipped. */
    private static void readList(String list, List<Path> into) {
        try (BufferedReader in = list.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(list), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    into.add(Path.of(line.strip()));
                }
            }
        } catch (IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT,
                    list + ": cannot read the input list: " + e.getMessage(), e);
        }
    }
}
