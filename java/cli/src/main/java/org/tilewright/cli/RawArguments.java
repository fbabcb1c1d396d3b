package org.tilewright.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line's own bytes (Linux {@code /proc/self/cmdline}), to name an argument Java
 * could not decode as it was typed: bytes that are not UTF-8 are shown as {@code \xNN}.
 */
final class RawArguments {
    private RawArguments() {
    }

    /**
     * Argument {@code index} of the {@code count} that main received, readable: its valid
     * UTF-8 as text and every other byte as {@code \xNN}; {@code decoded} (the argument as Java
     * decoded it) if the process's command line cannot be read or does not end with it.
     */
    static String readable(int index, int count, String decoded) {
        List<byte[]> all;
        try {
            all = split(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException unreadable) {
            return decoded;
        }
        if (all.size() < count) {
            return decoded;
        }
        byte[] raw = all.get(all.size() - count + index);
        // Called from a program with its own arguments, the process's command line is not ours.
        boolean same = new String(raw, StandardCharsets.UTF_8).equals(decoded);
        return same ? escapeInvalidUtf8(raw) : decoded;
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                parts.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    /// Copies each well-formed UTF-8 sequence as its character and escapes every other byte.
    static String escapeInvalidUtf8(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < bytes.length) {
            int length = sequenceLength(bytes, at);
            if (length == 0) {
                out.append(String.format("\\x%02X", bytes[at] & 0xFF));
                at++;
            } else {
                out.append(new String(bytes, at, length, StandardCharsets.UTF_8));
                at += length;
            }
        }
        return out.toString();
    }

    /// The length of the well-formed UTF-8 sequence at {@code at} (RFC 3629), else 0.
    private static int sequenceLength(byte[] bytes, int at) {
        int lead = bytes[at] & 0xFF;
        int length;
        int min;
        int code;
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2; min = 0x80; code = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3; min = 0x800; code = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4; min = 0x10000; code = lead & 0x07;
        } else {
            return 0;
        }
        if (bytes.length - at < length) {
            return 0;
        }
        for (int i = 1; i < length; i++) {
            int next = bytes[at + i] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                return 0;
            }
            code = code << 6 | next & 0x3F;
        }
        boolean surrogate = code >= 0xD800 && code <= 0xDFFF;
        return code < min || code > 0x10FFFF || surrogate ? 0 : length;
    }
}
