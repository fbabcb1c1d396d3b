package org.tilewright.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.tilewright.StitchOptions;
import org.tilewright.Tilewright;
import org.tilewright.TilewrightException;
import org.tilewright.jni.NativeLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tilewright} command: parses arguments, runs a subcommand, and maps outcomes to
 * exit codes — 0 success, 1 a failed job or bad input, 2 a usage error, 130 interrupted
 * (Ctrl-C or SIGTERM, after the partial output is removed). Results go to stdout, one- or
 * two-line diagnostics to stderr; {@code --debug} adds the stack trace.
 */
@Command(name = "tilewright", mixinStandardHelpOptions = true,
        versionProvider = TilewrightCommand.Versions.class,
        description = "Create and stitch images far larger than RAM.",
        subcommands = {MontageCommand.class, StitchCommand.class, AssembleCommand.class,
            GenerateCommand.class, InfoCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Inputs may come from @list.txt (one path a line) or --inputs-from FILE|-.",
            "Run 'tilewright help COMMAND' for a command's options and examples."})
public final class TilewrightCommand {
    /** Exit code of an interrupted run (128 + SIGINT). */
    static final int INTERRUPTED = 130;
    /** How long a signal waits for the stopped job to end before the last sweep and exit. */
    private static final long STOP_WAIT_MILLIS = 600;
    /** The line for running out of memory, made while there is memory to make it. */
    private static final byte[] OUT_OF_MEMORY_LINE = ("tilewright: error: " + describe(new OutOfMemoryError("Java heap space"))
            + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    /** Whether the command's one line about a failure that ended it was printed. */
    private static final AtomicBoolean failureReported = new AtomicBoolean();
    /** Whether that line is out: the others wait for it before the command may end. */
    private static volatile boolean failureLineWritten;
    /** How a class of the JDK that failed to initialise is reported later. */
    private static final String JDK_CLASS_FAILED = "Could not initialize class java.";

    /** Runs the command line and exits with its code; Ctrl-C and SIGTERM stop the job cleanly. */
    public static void main(String[] args) {
        Thread main = Thread.currentThread();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(INTERRUPTED);
        AtomicBoolean exiting = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (exiting.get()) {
                return;
            }
            // A signal, wherever the job is (planning, a band, a pyramid's last gather): what
            // is still being written is removed now and the command ends 130 at once. An
            // output already moved into place is the job's success: let it end with its code.
            if (Tilewright.discardUnfinishedOutputs()) {
                try {
                    ended.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                restoreStderr();
                Runtime.getRuntime().halt(code.get());
            }
            main.interrupt();
            try {
                // The interrupt cancels the engine within a poll; until it has stopped it may
                // still make a file (a descriptor, a level), which the second sweep removes.
                ended.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // sweeping and halting anyway
            }
            Tilewright.discardUnfinishedOutputs();
            restoreStderr();
            for (java.nio.file.Path kept : Tilewright.outputsKeptForResume()) {
                System.err.println("tilewright: " + kept + ": stopped; what was written is kept: run the same"
                        + " command again to continue");
            }
            Runtime.getRuntime().halt(INTERRUPTED);
        }, "tilewright-signal"));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            // An Error on a worker (out of memory while a pool grows…) would print the JVM's
            // own stack trace and leave the main thread waiting: end now, as run() would.
            // Nothing here may throw — the JVM would print that it did — however little
            // memory is left. An exception that only ends its own thread is said and left.
            if (!(e instanceof Error)) {
                try {
                    System.err.println("tilewright: warning: thread " + thread.getName() + " failed: " + e);
                } catch (Throwable stillFailing) {
                    // nothing more to do
                }
                return;
            }
            boolean first;
            try {
                first = reportOnce(e);
            } catch (Throwable stillFailing) {
                first = false;
            }
            if (!first) {
                return;  // another thread is ending the command and said why
            }
            exiting.set(true);
            try {
                Tilewright.discardUnfinishedOutputs();
            } catch (Throwable stillFailing) {
                // the next run sweeps what is left (its owner's pid is gone)
            }
            try {
                restoreStderr();  // the line is still in the filter's pipe
            } catch (Throwable stillFailing) {
                // halting anyway
            } finally {
                Runtime.getRuntime().halt(1);
            }
        });
        filterStderr();
        try {
            code.set(run(args));
        } finally {
            ended.countDown();
        }
        exiting.set(true);
        restoreStderr();
        System.exit(code.get());
    }

    /** Keeps libpng's own "libpng error:" lines off stderr: our one-line error says it already. */
    private static void filterStderr() {
        try {
            Tilewright.requireNativeLibrary();
            NativeLibrary.filterCodecLinesOnStderr();
        } catch (TilewrightException unavailable) {
            // the command meets it again at its first use of the library, and says why in one line
        }
    }

    /** Lets every line written so far through the filter, then writes stderr directly again. */
    private static void restoreStderr() {
        System.err.flush();
        try {
            NativeLibrary.finishStderrFilter();
        } catch (Throwable unavailable) {
            // never installed
        }
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return run(new TilewrightCommand(), args);
    }

    /**
     * Runs {@code root} (this command, or another built from its options, such as the Spark
     * job's) on {@code args} with the command line's error handling: one line, an exit code.
     */
    public static int run(Object root, String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].indexOf('\uFFFD') >= 0) {
                // Java decodes arguments with the locale's charset; bytes it cannot decode are
                // lost before any code of ours runs, and a path could only be rewritten, never kept.
                String charset = System.getProperty("sun.jnu.encoding", "?");
                String arg = RawArguments.readable(i, args.length, args[i]);
                System.err.println("tilewright: the argument '" + arg + "' " + (charset.equalsIgnoreCase("UTF-8")
                        ? "is not valid UTF-8; Tilewright takes UTF-8 file names (rename it, e.g. with convmv)"
                        : "cannot be decoded in this locale's character set (" + charset
                                + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"));
                return 2;
            }
        }
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cli = new CommandLine(root);
        // Wide enough for every example line, so none is broken inside a file name.
        cli.setUsageHelpWidth(100);
        cli.setExpandAtFiles(false);  // @list.txt holds paths, never options: InputList reads it
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (debug) {
                e.printStackTrace();
            }
            if (failureReported.get()) {
                awaitFailureLine();  // a worker's Error ended the job and said so
                return 1;
            }
            boolean badArgument = e instanceof TilewrightException
                    && ((TilewrightException) e).kind() == TilewrightException.Kind.BAD_ARGUMENT;
            if (badArgument || e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                commandLine.getErr().println("tilewright: " + e.getMessage());
                commandLine.getErr().println("Try 'tilewright " + commandLine.getCommandName()
                        + " --help' for more information.");
                return 2;
            }
            String message = e instanceof TilewrightException ? e.getMessage() : e.toString();
            commandLine.getErr().println("tilewright: error: " + message);
            boolean interrupted = Thread.currentThread().isInterrupted()
                    || (e instanceof TilewrightException && ((TilewrightException) e).isStop());
            return interrupted ? INTERRUPTED : 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            // One line and a hint, not the whole usage text.
            CommandLine command = e.getCommandLine();
            command.getErr().println("tilewright: " + e.getMessage());
            command.getErr().println("Try 'tilewright " + (command.getParent() == null ? "" : command.getCommandName() + " ")
                    + "--help' for more information.");
            return 2;
        });
        cli.setExecutionStrategy(parseResult -> {
            limitDecoding(parseResult.subcommand() != null ? parseResult.subcommand() : parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cli.execute(rest);
        } catch (TilewrightException e) {
            // Thrown before a subcommand runs (the native library cannot load, say): still one line.
            if (debug) {
                e.printStackTrace();
            }
            reportOnce(e);
            return 1;
        } catch (Error e) {
            // Out of memory, a native library that cannot load…: one line and exit 1, never a
            // stack trace, and never mistaken for an interrupt by the signal hook.
            if (debug) {
                e.printStackTrace();
            }
            reportOnce(e);
            return 1;
        }
    }

    /**
     * Prints the one line for a failure that ends the command, unless one was printed already
     * (a worker's Error and the main thread's can race); true for the caller that printed it.
     */
    private static boolean reportOnce(Throwable e) {
        if (!failureReported.compareAndSet(false, true)) {
            awaitFailureLine();  // ending before it is written would lose it
            return false;
        }
        try {
            writeFailureLine(e);
        } finally {
            failureLineWritten = true;
        }
        return true;
    }

    private static void writeFailureLine(Throwable e) {
        byte[] line = OUT_OF_MEMORY_LINE;
        try {
            line = ("tilewright: error: " + (e instanceof Error ? describe((Error) e)
                    : e instanceof TilewrightException ? e.getMessage() : e.toString())
                    + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        } catch (OutOfMemoryError stillOut) {
            // the line made in advance says it
        }
        System.err.write(line, 0, line.length);
        System.err.flush();
    }

    /// Waits (at most ten seconds) for the failure line, allocating nothing: memory may be gone.
    private static void awaitFailureLine() {
        for (int waited = 0; !failureLineWritten && waited < 10_000; waited++) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Bounds what any reader of the command may allocate to begin decoding a file to half its
     * memory budget (--memory, else the default), before the first header is read.
     */
    private static void limitDecoding(CommandLine.ParseResult command) {
        if (command == null || command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
            return;
        }
        long budget = command.hasMatchedOption("--memory")
                ? command.matchedOptionValue("--memory", StitchOptions.DEFAULT_MEMORY_BYTES)
                : StitchOptions.DEFAULT_MEMORY_BYTES;
        try {
            Tilewright.setDecodeLimit(Math.max(1, budget / 2));
        } catch (TilewrightException unavailable) {
            // the native library cannot load: the command's first use of it says why, in one line
        }
    }

    /** One line for an Error, with what to do about running out of memory. */
    static String describe(Error e) {
        String outOfMemory = outOfMemoryCause(e);
        if (outOfMemory != null) {
            return "out of Java memory (" + outOfMemory + "); give Java more (java -Xmx…, or JAVA_TOOL_OPTIONS),"
                    + " or lower --memory or --max-open-files";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * What ran out ("Java heap space"…) if {@code e} is an OutOfMemoryError or an error it left
     * behind — a class whose static initialiser ran out of memory fails later as
     * "NoClassDefFoundError: Could not initialize class", its cause (if any) naming the
     * OutOfMemoryError only in text; else null.
     */
    private static String outOfMemoryCause(Throwable e) {
        String marker = OutOfMemoryError.class.getName() + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError) {
                return message;
            }
            int at = message.indexOf(marker);
            if (at >= 0) {
                return message.substring(at + marker.length()).replaceAll("\\s*\\[in thread .*", "");
            }
            if (t instanceof NoClassDefFoundError && message.startsWith(JDK_CLASS_FAILED)) {
                // A class of the JDK itself fails to initialise only when memory ran out inside
                // it (JDK 17 does not keep that first error as the cause).
                return message.substring("Could not initialize ".length()) + " could not initialise";
            }
        }
        return null;
    }


    /** Prints Tilewright's and OpenImageIO's versions. */
    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tilewright " + Tilewright.VERSION,
                "OpenImageIO " + Tilewright.openImageIOVersion()};
        }
    }
}
