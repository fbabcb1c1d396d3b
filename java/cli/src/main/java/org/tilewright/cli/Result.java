package org.tilewright.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tilewright.DeepZoom;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;

/**
 * What a finished command wrote, as read back from the file itself — its size and the
 * channel types actually stored, not the ones asked for — for the summary and for
 * {@code --progress json}'s closing object.
 */
record Result(Path output, int width, int height, int channels, String type, long bytesOnDisk, double seconds,
        long rawBytes, long peakResidentBytes, List<String> problems) {

    /** Reads the written file's header (a Deep Zoom output: its descriptor's size, 8-bit tiles). */
    static Result of(Path output, double seconds, long rawBytes, List<String> problems) {
        Path absolute = output.toAbsolutePath();
        int width;
        int height;
        int channels;
        String type;
        if (DeepZoom.isDescriptor(absolute)) {
            DeepZoom.Descriptor d = DeepZoom.readDescriptor(absolute);
            width = d.width();
            height = d.height();
            channels = d.format().equals("png") ? 4 : 3;
            type = "uint8";
        } else {
            ImageSpec spec = org.tilewright.OmeZarr.isOmeZarr(absolute) ? org.tilewright.OmeZarr.readSpec(absolute)
                    : ImageReader.readSpec(absolute);
            width = spec.width();
            height = spec.height();
            channels = spec.channels();
            type = typeNames(spec.channelTypes());
        }
        return new Result(absolute, width, height, channels, type, Sizes.onDisk(absolute), seconds, rawBytes,
                ProcessMemory.peakResidentBytes(), problems);
    }

    /** "half", or "half,half,half,float" when channels differ. */
    private static String typeNames(List<PixelType> types) {
        boolean mixed = types.stream().distinct().count() > 1;
        return mixed ? types.stream().map(Result::typeName).collect(Collectors.joining(","))
                : typeName(types.get(0));
    }

    private static String typeName(PixelType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** One JSON object: output, size, type, bytes, time, peak RSS and problems. */
    String toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("event", "result");
        o.put("output", output.toString());
        o.put("width", width);
        o.put("height", height);
        o.put("channels", channels);
        o.put("type", type);
        o.put("bytes_on_disk", bytesOnDisk);
        o.put("raw_bytes", rawBytes);
        o.put("seconds", Math.round(seconds * 1000) / 1000.0);
        o.put("peak_rss_bytes", peakResidentBytes);
        o.put("problems", problems);
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
