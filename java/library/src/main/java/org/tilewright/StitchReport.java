package org.tilewright;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished stitch did.
 *
 * @param output the image written
 * @param rows rows written
 * @param bytesWritten raw (uncompressed) bytes handed to the encoder
 * @param seconds wall time of the run
 * @param peakOpenFiles the most inputs open at once
 * @param reopenings inputs opened again after being closed to respect the open-file limit
 * @param problems inputs skipped or filled, while planning or while reading
 */
public record StitchReport(Path output, long rows, long bytesWritten, double seconds,
        long peakOpenFiles, long reopenings, List<InputProblem> problems) {}
