package org.tilewright;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A deliberately small, independent TIFF decoder for tests: little-endian classic TIFF,
 * contiguous 8- or 16-bit samples, strips or tiles, no compression or deflate, with or
 * without the horizontal predictor. Written from the TIFF 6.0 specification, sharing no code
 * with libtiff, so a file it decodes right is a standard file, not an OIIO convention.
 */
final class MiniTiffDecoder {
    final int width;
    final int height;
    final int channels;
    final int bits;
    /** Samples, row-major, channels interleaved. */
    final int[] samples;

    private MiniTiffDecoder(int width, int height, int channels, int bits, int[] samples) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.bits = bits;
        this.samples = samples;
    }

    int sample(int x, int y, int c) {
        return samples[(y * width + x) * channels + c];
    }

    static MiniTiffDecoder decode(Path file) throws IOException, DataFormatException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get(0) != 'I' || b.getShort(2) != 42) {
            throw new IOException("not a little-endian classic TIFF");
        }
        Map<Integer, long[]> tags = new HashMap<>();
        int ifd = b.getInt(4);
        int count = b.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < count; i++) {
            int e = ifd + 2 + i * 12;
            int tag = b.getShort(e) & 0xFFFF;
            int type = b.getShort(e + 2);
            int n = b.getInt(e + 4);
            int size = type == 3 ? 2 : 4;
            int at = n * size <= 4 ? e + 8 : b.getInt(e + 8);
            long[] values = new long[n];
            for (int k = 0; k < n; k++) {
                values[k] = size == 2 ? b.getShort(at + 2 * k) & 0xFFFF : b.getInt(at + 4 * k) & 0xFFFFFFFFL;
            }
            tags.put(tag, values);
        }
        int width = (int) tags.get(256)[0];
        int height = (int) tags.get(257)[0];
        int bits = (int) tags.get(258)[0];
        int channels = tags.containsKey(277) ? (int) tags.get(277)[0] : 1;
        int compression = (int) tags.get(259)[0];
        boolean predictor = tags.containsKey(317) && tags.get(317)[0] == 2;
        boolean tiled = tags.containsKey(322);
        int cw = tiled ? (int) tags.get(322)[0] : width;
        int ch = tiled ? (int) tags.get(323)[0] : (tags.containsKey(278) ? (int) tags.get(278)[0] : height);
        long[] offsets = tags.get(tiled ? 324 : 273);
        long[] counts = tags.get(tiled ? 325 : 279);
        int across = tiled ? (width + cw - 1) / cw : 1;
        int bytesPerSample = bits / 8;
        int[] samples = new int[width * height * channels];
        for (int chunk = 0; chunk < offsets.length; chunk++) {
            byte[] raw = new byte[(int) counts[chunk]];
            b.get((int) offsets[chunk], raw);
            int x0 = tiled ? chunk % across * cw : 0;
            int y0 = tiled ? chunk / across * ch : chunk * ch;
            int rows = tiled ? ch : Math.min(ch, height - y0);
            byte[] data = raw;
            if (compression == 8 || compression == 32946) {
                Inflater inflater = new Inflater();
                inflater.setInput(raw);
                data = new byte[cw * rows * channels * bytesPerSample];
                int got = inflater.inflate(data);
                inflater.end();
                if (got != data.length) {
                    throw new IOException("chunk " + chunk + " inflated to " + got + " bytes, not " + data.length);
                }
            } else if (compression != 1) {
                throw new IOException("compression " + compression + " is not handled here");
            }
            ByteBuffer d = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                int[] previous = new int[channels];
                for (int x = 0; x < cw; x++) {
                    for (int c = 0; c < channels; c++) {
                        int i = ((r * cw + x) * channels + c) * bytesPerSample;
                        int v = bytesPerSample == 1 ? d.get(i) & 0xFF : d.getShort(i) & 0xFFFF;
                        if (predictor) {
                            v = (v + previous[c]) & (bytesPerSample == 1 ? 0xFF : 0xFFFF);
                            previous[c] = v;
                        }
                        int px = x0 + x;
                        int py = y0 + r;
                        if (px < width && py < height) {
                            samples[(py * width + px) * channels + c] = v;
                        }
                    }
                }
            }
        }
        return new MiniTiffDecoder(width, height, channels, bits, samples);
    }
}
