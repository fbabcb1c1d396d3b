package org.tilewright;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tilewright.jni.NativeSpec;

/** Converts between {@link ImageSpec} and its native peer. */
final class NativeSpecs {
    private NativeSpecs() {}

    /** A native copy of {@code spec}; the caller closes it. */
    static NativeSpec toNative(ImageSpec spec) {
        NativeSpec n = new NativeSpec(spec.width(), spec.height(), spec.channels(),
                spec.pixelType().code());
        try {
            n.setOrigin(spec.x(), spec.y());
            n.setFullWindow(spec.fullX(), spec.fullY(), spec.fullWidth(), spec.fullHeight());
            n.setTileSize(spec.tileWidth(), spec.tileHeight());
            List<String> names = spec.channelNames();
            for (int c = 0; c < names.size(); c++) {
                n.setChannelName(c, names.get(c));
            }
            if (spec.hasMixedChannelTypes()) {
                for (int c = 0; c < spec.channels(); c++) {
                    n.setChannelType(c, spec.channelTypes().get(c).code());
                }
            }
            n.setAlphaChannel(spec.alphaChannel());
            for (Map.Entry<String, Object> a : spec.attributes().entrySet()) {
                Object v = a.getValue();
                if (v instanceof Integer) {
                    n.setAttribute(a.getKey(), (int) (Integer) v);
                } else if (v instanceof Float) {
                    n.setAttribute(a.getKey(), (float) (Float) v);
                } else {
                    n.setAttribute(a.getKey(), v.toString());
                }
            }
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The Java value of a native spec read from {@code file} (named in errors). */
    static ImageSpec fromNative(NativeSpec n, String file) {
        int code = n.typeCode();
        if (code < 0) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, file + ": its pixel type is not one Tilewright handles");
        }
        List<String> names = new ArrayList<>();
        List<PixelType> types = new ArrayList<>();
        for (int c = 0; c < n.channels(); c++) {
            names.add(n.channelName(c));
            int channelCode = n.channelTypeCode(c);
            if (channelCode < 0) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, file + ": channel "
                        + names.get(c) + " has a pixel type Tilewright does not handle");
            }
            types.add(PixelType.fromCode(channelCode));
        }
        ImageSpec.Builder b = ImageSpec.builder(n.width(), n.height(), n.channels(),
                        PixelType.fromCode(code))
                .origin(n.x(), n.y())
                .fullWindow(n.fullX(), n.fullY(), n.fullWidth(), n.fullHeight())
                .tileSize(Math.max(0, n.tileWidth()), Math.max(0, n.tileHeight()))
                .channelNames(names)
                .channelTypes(types)
                .deep(n.deep())
                .alphaChannel(readersAlpha(n.alphaChannel(), names));
        for (int i = 0; i < n.attributeCount(); i++) {
            b.attribute(n.attributeName(i), typedValue(n.attributeType(i), n.attributeValue(i)));
        }
        return b.build();
    }

    /**
     * The alpha channel a reader declares, made sense of: OIIO 2.4's GIF reader says channel 4
     * of 4 (one past the last); an index outside the channels falls back to a channel named A.
     */
    private static int readersAlpha(int declared, List<String> names) {
        if (declared >= -1 && declared < names.size()) {
            return declared;
        }
        return names.indexOf("A");
    }

    private static Object typedValue(String type, String text) {
        try {
            switch (type) {
                case "int":
                case "uint":
                    return Integer.parseInt(text);
                case "float":
                    return Float.parseFloat(text);
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
