package org.tilewright.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.tilewright.Tilewright;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the tilewright(1) man page, in roff, from the command's own definition (the same
 * text as --help), so the page cannot drift from the options. Run at build time:
 * {@code java -cp tilewright.jar org.tilewright.cli.ManPage tilewright.1}.
 */
public final class ManPage {
    private ManPage() {
    }

    /**
     * Writes the page to the file named by the one argument.
     *
     * @param args the file to write
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), page(new CommandLine(new TilewrightCommand())), StandardCharsets.UTF_8);
    }

    static String page(CommandLine root) {
        StringBuilder roff = new StringBuilder();
        // The date of the release, not of the build: the same sources make the same page.
        String date = System.getenv("SOURCE_DATE_EPOCH") == null ? "2026"
                : LocalDate.ofEpochDay(Long.parseLong(System.getenv("SOURCE_DATE_EPOCH")) / 86_400)
                        .atStartOfDay().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        roff.append(".TH TILEWRIGHT 1 \"").append(date).append("\" \"tilewright ").append(Tilewright.VERSION)
                .append("\" \"User Commands\"\n");
        roff.append(".SH NAME\ntilewright \\- ").append(escape(String.join(" ", root.getCommandSpec().usageMessage()
                .description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.B tilewright\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n");
        roff.append(".SH DESCRIPTION\n");
        for (String line : root.getCommandSpec().usageMessage().footer()) {
            if (!line.isBlank()) {
                roff.append(escape(line)).append("\n.br\n");
            }
        }
        roff.append(".SH EXIT STATUS\n0 success; 1 a failed job or bad input; 2 a usage error;"
                + " 130 interrupted (the partial output is removed).\n");
        roff.append(".SH COMMANDS\n");
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.name().equals("help")) {
                continue;
            }
            roff.append(".SS \"tilewright ").append(spec.name()).append("\"\n");
            roff.append(escape(String.join(" ", spec.usageMessage().description()))).append("\n.PP\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                roff.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                roff.append(".TP\n\\fB").append(escape(String.join(", ", o.names()))).append("\\fR");
                if (o.arity().max() > 0) {
                    roff.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                roff.append('\n').append(escape(description(o))).append('\n');
            }
            boolean examples = false;
            for (String line : spec.usageMessage().footer()) {
                if (line.isBlank()) {
                    continue;
                }
                if (!examples) {
                    roff.append(".PP\n.nf\n");
                    examples = true;
                }
                roff.append(escape(line)).append('\n');
            }
            if (examples) {
                roff.append(".fi\n");
            }
        }
        roff.append(".SH SEE ALSO\noiiotool(1), vips(1), tiffinfo(1)\n");
        return roff.toString();
    }

    /// The option's description with picocli's ${DEFAULT-VALUE} filled in, as --help shows it.
    private static String description(OptionSpec o) {
        String text = String.join(" ", o.description());
        String value = o.defaultValueString();
        return text.replace("${DEFAULT-VALUE}", value == null ? "" : value)
                .replace("${COMPLETION-CANDIDATES}", o.completionCandidates() == null ? ""
                        : String.join(", ", o.completionCandidates()));
    }

    /// Roff text: backslashes and hyphens escaped, characters beyond ASCII as \[uXXXX] (troff
    /// reads bytes, not UTF-8), no line read as a request.
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\e");
            } else if (c == '-') {
                out.append("\\-");
            } else if (c < 0x80) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\[u%04X]", c));
            }
        });
        String escaped = out.toString();
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
