package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilewright.Processes;

/**
 * The independent producers and readers the conformance suite runs: oiiotool, OpenEXR's
 * and libtiff's tools, GDAL, ImageMagick, libvips and Python (png, tifffile, numpy), as
 * installed by {@code scripts/setup.sh --for-tests}; and the built CLI. A missing tool
 * fails the test with the install hint rather than skipping it.
 */
final class Tools {
    private Tools() {}

    /** What a finished command printed and returned. */
    record Result(int exit, String out, String err) {
        /** This result, after asserting that the command succeeded. */
        Result ok() {
            assertTrue(exit == 0, "exit " + exit + "\n" + out + "\n" + err);
            return this;
        }
    }

    /** Runs {@code command} in {@code dir} and waits (two minutes at most). */
    static Result run(Path dir, String... command) {
        return run(dir, false, command);
    }

    /**
     * Runs {@code command}; only Tilewright itself keeps the sanitizer runtimes the
     * ASan/UBSan profile preloads into the tests (the other tools are not ours to check).
     */
    private static Result run(Path dir, boolean sanitized, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (!sanitized) {
            builder.environment().remove("LD_PRELOAD");
        }
        try {
            Processes.Output o = Processes.run(builder, "");
            return new Result(o.exit(), o.out(), o.err());
        } catch (IOException e) {
            return fail(command[0] + " could not be run (" + e.getMessage()
                    + "); scripts/setup.sh --for-tests installs it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Runs Python 3 (Debian's, which has png, tifffile and numpy) with {@code script}. */
    static Result python(Path dir, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    /**
     * Asserts that GDAL reads {@code actual} as it reads {@code expected} within
     * {@code tolerance} ({@code tests/conformance/gdal_compare.py}; {@code scaleAndInvert}
     * are its optional SCALE and "invert").
     */
    static void assertSameAsGdalReads(Path dir, String expected, String actual, double tolerance,
            String... scaleAndInvert) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                Path.of("tests/conformance/gdal_compare.py").toAbsolutePath().toString(), expected, actual,
                Double.toString(tolerance)));
        command.addAll(List.of(scaleAndInvert));
        Result c = run(dir, command.toArray(String[]::new));
        assertTrue(c.exit() == 0, expected + " vs " + actual + " as GDAL reads them: " + c.out() + c.err());
    }

    /** Runs the built CLI jar with {@code args}. */
    static Result tilewright(Path dir, String... args) {
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return run(dir, true, command.toArray(String[]::new));
    }

    /** Asserts that oiiotool finds no pixel of {@code a} further than {@code tolerance} from {@code b}'s. */
    static void assertSamePixels(Path dir, Path a, Path b, double tolerance) {
        String t = Double.toString(Math.max(tolerance, 1e-6));
        Result diff = run(dir, "oiiotool", "--fail", t, "--warn", t, a.toString(), b.toString(), "--diff");
        assertTrue(diff.exit() == 0 && diff.out().contains("PASS"),
                "oiiotool --diff " + a.getFileName() + " " + b.getFileName() + ":\n" + diff.out() + diff.err());
    }
}
