package org.tilewright.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.tilewright.BandedStitch;
import org.tilewright.InputProblem;
import org.tilewright.ProgressListener;
import org.tilewright.StitchReport;
import org.tilewright.TilewrightException;
import org.tilewright.cli.SparkStitchCommand;

/**
 * The executors' side: renders one band into its part file. An input that stops it (under
 * --missing fail) is reported in the outcome, not thrown: a retry would read the same file;
 * anything else is thrown, for Spark to retry. The part is written in a folder of the task
 * attempt's own and moved to its final name only when complete (where another attempt of the
 * same band got there first, that part stays: it holds the same bytes): a retried, killed or
 * speculative attempt never leaves a partial part under the name the driver reads.
 */
final class BandTask implements Function<Integer, BandOutcome> {
    private static final long serialVersionUID = 1L;
    /// The words the driver finds a failure's kind and message by, in Spark's task report.
    static final String FAILURE = "tilewright-band-failure";

    /// Plans per executor JVM, by job: the headers are read once, not once per band.
    private static final Map<String, BandedStitch> PLANS = new ConcurrentHashMap<>();

    private final List<String> args;
    private final String manifest;
    private final String output;
    private final int bandsAsked;
    private final int bandCount;
    private final String workFolder;
    private final int haltBand;

    /**
     * A task of the job given by the command's {@code args}, with the manifest and output the
     * driver resolved, planned as {@code bandsAsked} bands ({@code bandCount} of them), parts
     * in {@code workFolder}; {@code haltBand} is a test's band whose first attempt the
     * executor's JVM dies in (-1: none).
     */
    BandTask(List<String> args, Path manifest, Path output, int bandsAsked, int bandCount, Path workFolder,
            int haltBand) {
        this.args = List.copyOf(args);
        this.manifest = manifest.toString();
        this.output = output.toString();
        this.bandsAsked = bandsAsked;
        this.bandCount = bandCount;
        this.workFolder = workFolder.toString();
        this.haltBand = haltBand;
    }

    /** The part of band {@code band} in {@code workFolder}, named with {@code suffix} (BandedStitch.partSuffix). */
    static Path partOf(Path workFolder, int band, String suffix) {
        return workFolder.resolve(String.format("part-%06d%s", band, suffix));
    }

    @Override
    public BandOutcome call(Integer band) {
        long start = System.nanoTime();
        TaskContext task = TaskContext.get();
        Path work = Path.of(workFolder);
        Path attempt = work.resolve("attempt-" + task.taskAttemptId());
        try {
            String job = String.join("\u0000", args) + "\u0000" + manifest + "\u0000" + output + "\u0000" + task.cpus();
            BandedStitch plan = PLANS.computeIfAbsent(job, k -> {
                SparkStitchCommand command = SparkStitchCommand.parse(args, Path.of(manifest), Path.of(output));
                return command.plan(bandsAsked, command.threads() > 0 ? command.threads() : task.cpus());
            });
            if (plan.bandCount() != bandCount) {
                throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, output + ": the executor planned "
                        + plan.bandCount() + " bands where the driver planned " + bandCount
                        + " (do the inputs differ between machines?)");
            }
            Files.createDirectories(attempt);
            boolean halting = band == haltBand && task.attemptNumber() == 0;
            Path part = partOf(attempt, band, plan.partSuffix());
            StitchReport report = plan.renderBand(band, part, halting ? dieMidway() : new ProgressListener() {});
            if (halting) {
                Runtime.getRuntime().halt(137);  // a band finished before its midpoint was seen: die unmoved
            }
            moveIntoPlace(part, partOf(work, band, plan.partSuffix()));
            Map<String, String> problems = new LinkedHashMap<>();
            for (InputProblem p : report.problems()) {
                problems.putIfAbsent(p.path().toString(), p.toString());
            }
            return new BandOutcome(band, problems, SparkEnv.get().executorId(), (System.nanoTime() - start) / 1e9,
                    null, null);
        } catch (TilewrightException e) {
            if (e.kind() == TilewrightException.Kind.BAD_INPUT) {
                return new BandOutcome(band, Map.of(), SparkEnv.get().executorId(), (System.nanoTime() - start) / 1e9,
                        e.kind().name(), e.getMessage());
            }
            throw new IllegalStateException(FAILURE + " " + e.kind() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(output + ": band " + band + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(attempt);
        }
    }

    /** A listener that ends the executor's JVM, as a kill would, once the band is half written. */
    private static ProgressListener dieMidway() {
        return new ProgressListener() {
            @Override
            public void progress(long rowsDone, long rowsTotal, long bytesWritten) {
                if (rowsDone > 0 && rowsDone * 2 >= rowsTotal && rowsDone < rowsTotal) {
                    Runtime.getRuntime().halt(137);
                }
            }
        };
    }

    /**
     * Moves a finished part to the name the driver reads; where another attempt's part of the
     * band got there first (a speculative copy), that one stays: it holds the same bytes.
     */
    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
            deleteQuietly(part);
        } catch (IOException e) {
            if (!Files.exists(target)) {
                throw e;
            }
            deleteQuietly(part);
        }
    }

    /** Removes a file or folder and everything in it, as far as it can (the driver's work folder too). */
    static void deleteQuietly(Path path) {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // nothing there, or a file held elsewhere: the driver removes the work folder
        }
    }
}
