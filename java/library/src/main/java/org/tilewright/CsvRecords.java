package org.tilewright;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader for manifests: fields separated by commas, quoted fields may hold
 * commas, line breaks and doubled quotes; CRLF or LF line ends; blank lines and lines
 * starting with {@code #} are skipped. Each record keeps the line it starts on, for errors.
 */
final class CsvRecords {
    private CsvRecords() {}

    /** One record and the (1-based) line it starts on. */
    record Record(int line, List<String> fields) {}

    static List<Record> parse(String text, Path manifest) {
        List<Record> records = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        while (i < n) {
            int start = line;
            // A comment or blank line is skipped whole.
            int eol = lineEnd(text, i);
            String raw = text.substring(i, eol);
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                i = next(text, eol);
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (i >= n) {
                    if (quoted) {
                        throw Manifests.failure(manifest, "line " + start + ": a quoted field is not closed");
                    }
                    fields.add(finish(field, wasQuoted));
                    break;
                }
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        quoted = false;
                        i++;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    quoted = true;
                    wasQuoted = true;
                    field.setLength(0);
                    i++;
                } else if (c == ',') {
                    fields.add(finish(field, wasQuoted));
                    field.setLength(0);
                    wasQuoted = false;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    fields.add(finish(field, wasQuoted));
                    i = next(text, i);
                    line++;
                    break;
                } else {
                    field.append(c);
                    i++;
                }
            }
            records.add(new Record(start, fields));
        }
        return records;
    }

    /** Quoted fields keep their spaces; unquoted ones are trimmed. */
    private static String finish(StringBuilder field, boolean quoted) {
        return quoted ? field.toString() : field.toString().trim();
    }

    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** The index after the line break at {@code at} (CRLF counts as one). */
    private static int next(String text, int at) {
        if (at < text.length() && text.charAt(at) == '\r') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '\n') {
            at++;
        }
        return at;
    }
}
