package org.tilewright.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.tilewright.BandedStitch;
import org.tilewright.TilewrightException;
import org.tilewright.cli.SparkStitchCommand;

/**
 * The driver's side of a Spark stitch: plans the stitch as the command line does, has the
 * executors render its bands (one task each) into part files in a work folder beside the
 * output, joins the parts into the output (written under a temporary name, renamed when
 * complete) and removes the work folder whatever happens.
 */
public final class SparkStitchJob {
    /// A test's hook: the band whose first attempt kills its executor's JVM mid-way.
    static final String HALT_BAND = "spark.tilewright.test.haltFirstAttemptOfBand";
    /// Bands per core when --bands is not given: enough that a slow band does not hold the job.
    private static final int BANDS_PER_CORE = 4;
    private static final Pattern FAILURE = Pattern.compile(BandTask.FAILURE + " ([A-Z_]+): ([^\\n]*)");

    private final SparkStitchCommand command;
    private final List<String> args;

    /** The job the command describes; {@code args} are its own, as given. */
    public SparkStitchJob(SparkStitchCommand command, List<String> args) {
        this.command = command;
        this.args = List.copyOf(args);
    }

    /** Runs the job; 0 on success, else throws naming the file at fault. */
    public int run() {
        long start = System.nanoTime();
        SparkConf conf = new SparkConf().setAppName("tilewright " + command.output().getFileName());
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");  // not submitted to a cluster: this machine's cores
        }
        // Planned before any Spark process starts: a refusal (an unreadable input, an output
        // that cannot be assembled) is one line, and costs no cluster.
        int bandsAsked = command.bands() != null ? command.bands() : BANDS_PER_CORE * cores(conf);
        BandedStitch plan = command.plan(bandsAsked, command.threads());
        plan.check();
        if (command.dryRun()) {
            System.out.print(plan.plan().describe());
            System.out.printf(Locale.ROOT, "bands:             %d of %d rows, %d level(s) in each part%n",
                    plan.bandCount(), plan.bandRows(), plan.partLevels());
            return 0;
        }
        Path work = workFolder(command.output());
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            List<BandOutcome> outcomes = renderBands(spark, plan, bandsAsked, work, conf.getInt(HALT_BAND, -1));
            for (BandOutcome o : outcomes) {  // in band order: the first failure, as one machine meets it
                if (!o.succeeded()) {
                    throw new TilewrightException(TilewrightException.Kind.valueOf(o.failureKind()), o.failure());
                }
            }
            List<Path> parts = new ArrayList<>();
            for (int band = 0; band < plan.bandCount(); band++) {
                parts.add(BandTask.partOf(work, band, plan.partSuffix()));
            }
            long assembling = System.nanoTime();
            plan.assemble(parts);
            long end = System.nanoTime();
            report(plan, outcomes, (end - start) / 1e9, (end - assembling) / 1e9);
            return 0;
        } finally {
            BandTask.deleteQuietly(work);  // left, if it cannot go, for a later run's sweep
        }
    }

    /**
     * The cores the job's tasks run on, from its configuration (the cluster is not started
     * yet): Spark's default parallelism if set, else the local or local-cluster master's, else
     * executors times cores per executor as configured (2 x 1 when they are not).
     */
    static int cores(SparkConf conf) {
        if (conf.contains("spark.default.parallelism")) {
            return Math.max(1, conf.getInt("spark.default.parallelism", 1));
        }
        String master = conf.get("spark.master", "local[*]");
        Matcher cluster = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*\\]").matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1)) * Integer.parseInt(cluster.group(2));
        }
        Matcher local = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\s*\\d+)?\\])?").matcher(master);
        if (local.matches()) {
            String n = local.group(1);
            return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        return Math.max(1, conf.getInt("spark.executor.instances", 2) * conf.getInt("spark.executor.cores", 1));
    }

    private List<BandOutcome> renderBands(JavaSparkContext spark, BandedStitch plan, int bandsAsked, Path work,
            int haltBand) {
        List<Integer> bands = IntStream.range(0, plan.bandCount()).boxed().toList();
        BandTask task = new BandTask(args, command.manifest(), command.output(), bandsAsked, plan.bandCount(), work,
                haltBand);
        try {
            return spark.parallelize(bands, bands.size()).map(task).collect();
        } catch (Exception e) {
            // Spark's Scala code throws SparkException, a checked exception Java cannot name here.
            if (e instanceof SparkException) {
                throw taskFailure(e);
            }
            throw e;
        }
    }

    /** The failure a task reported, as the command line says it: one line naming the file. */
    private TilewrightException taskFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = FAILURE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return new TilewrightException(TilewrightException.Kind.valueOf(m.group(1)), m.group(2), e);
            }
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, command.output() + ": the Spark job failed: "
                + first, e);
    }

    private void report(BandedStitch plan, List<BandOutcome> outcomes, double seconds, double assemblySeconds) {
        // An input several bands read is told once, as the first band that met it tells it.
        Map<String, String> byInput = new LinkedHashMap<>();
        TreeSet<String> executors = new TreeSet<>();
        for (BandOutcome o : outcomes) {
            o.problems().forEach(byInput::putIfAbsent);
            executors.add(o.executor());
        }
        List<String> problems = new ArrayList<>(new TreeMap<>(byInput).values());
        if (command.quiet()) {
            problems.forEach(p -> System.err.println("tilewright: warning: " + p));
            return;
        }
        var spec = plan.plan().outputSpec();
        System.out.printf(Locale.ROOT, "output:      %s%n", command.output());
        System.out.printf(Locale.ROOT, "size:        %d x %d, %d channel(s) %s, %d bytes on disk%n", spec.width(),
                spec.height(), spec.channels(), spec.pixelType().name().toLowerCase(Locale.ROOT),
                command.outputBytesOnDisk());
        System.out.printf(Locale.ROOT, "bands:       %d of %d rows on %d executor(s), %d level(s) in each part%n",
                plan.bandCount(), plan.bandRows(), executors.size(), plan.partLevels());
        double bandSeconds = outcomes.stream().mapToDouble(BandOutcome::seconds).sum();
        System.out.printf(Locale.ROOT, "time:        %.2f s: bands %.2f s each on average, assembly %.2f s%n", seconds,
                bandSeconds / Math.max(1, outcomes.size()), assemblySeconds);
        for (String p : problems) {
            System.out.println("problem:     " + p);
        }
    }

    /** A new folder beside the output for the parts, its name marked as a Tilewright leftover. */
    private static Path workFolder(Path output) {
        try {
            return Files.createTempDirectory(output.getParent(), output.getFileName() + ".tw-spark-");
        } catch (IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    output + ": cannot make a work folder beside it: " + e.getMessage(), e);
        }
    }
}
