package org.tilewright.cli;

import org.tilewright.Tilewright;
import org.tilewright.TilewrightException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tilewright} command: parses arguments, runs a subcommand, and maps failures to
 * exit codes (0 success, 1 failed job or bad input, 2 usage error) with one-line messages on
 * stderr; {@code --debug} adds the stack trace.
 */
@Command(name = "tilewright", mixinStandardHelpOptions = true,
        versionProvider = TilewrightCommand.Versions.class,
        description = "Create and stitch images far larger than RAM.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class TilewrightCommand {
    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug"))
                .toArray(String[]::new);
        CommandLine cli = new CommandLine(new TilewrightCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (debug) {
                e.printStackTrace();
            }
            String message = e instanceof TilewrightException || e instanceof IllegalArgumentException
                    ? e.getMessage() : e.toString();
            commandLine.getErr().println("tilewright: error: " + message);
            return 1;
        });
        return cli.execute(rest);
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
