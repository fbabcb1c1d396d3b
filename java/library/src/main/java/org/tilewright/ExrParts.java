package org.tilewright;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The parts of a multi-part OpenEXR stitch: render buckets written one part per layer
 * (beauty, depth, AOVs) are assembled into a frame with the same parts, each stitched from
 * that part of every bucket, one after another, in one bounded pass each. Every input must
 * have the same parts (names and channels); other outputs cannot hold parts and refuse them.
 */
final class ExrParts {
    /// The attribute OIIO reads and writes a part's name as.
    static final String PART_NAME = "oiio:subimagename";

    private ExrParts() {}

    /**
     * The output's parts after the first (empty when the inputs are single-part), with
     * {@code first} (the output spec made for part 0) giving windows, tiles and attributes.
     */
    static List<ImageSpec> laterParts(Path output, Layout layout, ImageSpec first, StitchOptions options) {
        List<PlacedInput> inputs = layout.inputs();
        int parts = inputs.stream().mapToInt(in -> in.spec().parts()).max().orElse(1);
        if (parts <= 1) {
            return List.of();
        }
        PlacedInput model = inputs.stream().filter(in -> in.spec().parts() == parts).findFirst().orElseThrow();
        if (OutputKind.of(output) != OutputKind.OPENEXR || options.writeOptions().pyramid() != null
                || options.writeOptions().deepZoom() != null) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, model.path() + ": is a multi-part"
                    + " OpenEXR file (" + parts + " parts), whose parts only an .exr output without a pyramid keeps;"
                    + " write one, or split it with exrmultipart -separate");
        }
        for (PlacedInput in : inputs) {
            if (in.spec().parts() != parts) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, in.path() + ": has "
                        + in.spec().parts() + " part(s) where " + model.path() + " has " + parts
                        + "; the inputs of one multi-part image must hold the same parts");
            }
        }
        List<ImageSpec> later = new ArrayList<>();
        int modelIndex = inputs.indexOf(model);
        for (int k = 1; k < parts; k++) {
            int part = k;
            ImageSpec[] specs = new ImageSpec[inputs.size()];
            IntStream.range(0, inputs.size()).parallel().forEach(i -> specs[i] = partOf(inputs.get(i).path(), part));
            ImageSpec modelPart = specs[modelIndex];
            for (int i = 0; i < specs.length; i++) {
                if (!specs[i].channelNames().equals(modelPart.channelNames())
                        || !Objects.equals(specs[i].attribute(PART_NAME), modelPart.attribute(PART_NAME))) {
                    throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, inputs.get(i).path() + ": part "
                            + k + " is '" + specs[i].attribute(PART_NAME) + "' with channels "
                            + String.join(",", specs[i].channelNames()) + " where " + model.path() + " has '"
                            + modelPart.attribute(PART_NAME) + "' with " + String.join(",", modelPart.channelNames()));
                }
            }
            later.add(outputPart(first, modelPart, options));
        }
        return later;
    }

    /** {@code first} named as part 0 of the inputs is named. */
    static ImageSpec namedFirst(ImageSpec first, Layout layout) {
        Object name = layout.inputs().get(0).spec().attribute(PART_NAME);
        return name == null ? first : first.toBuilder().attribute(PART_NAME, name.toString()).build();
    }

    private static ImageSpec partOf(Path path, int part) {
        try (ImageReader reader = ImageReader.open(path, part, 0)) {
            return reader.spec();
        }
    }

    /** Part {@code input}'s channels on {@code first}'s windows, tiles and attributes. */
    private static ImageSpec outputPart(ImageSpec first, ImageSpec input, StitchOptions options) {
        PixelType type = options.pixelType != null ? options.pixelType : input.pixelType();
        ImageSpec.Builder b = ImageSpec.builder(first.width(), first.height(), input.channels(), type)
                .origin(first.x(), first.y())
                .fullWindow(first.fullX(), first.fullY(), first.fullWidth(), first.fullHeight())
                .tileSize(first.tileWidth(), first.tileHeight())
                .channelNames(input.channelNames())
                .alphaChannel(input.alphaChannel());
        if (options.pixelType == null) {
            b.channelTypes(input.channelTypes());
        }
        first.attributes().forEach(b::attribute);
        Object name = input.attribute(PART_NAME);
        if (name != null) {
            b.attribute(PART_NAME, name.toString());
        }
        return b.build();
    }
}
