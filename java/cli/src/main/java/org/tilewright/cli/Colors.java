package org.tilewright.cli;

import java.util.Arrays;
import org.tilewright.StitchOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses "#202020", "#20202080" or "0.1,0.1,0.1[,1]" into normalised channel values. */
final class Colors implements ITypeConverter<Colors.Color> {
    /** Channel values from 0 to 1. */
    record Color(double[] values) {
        static final Color NONE = new Color(new double[0]);

        /** {@code options} with this colour as the background (opaque unless it has alpha). */
        StitchOptions asBackgroundOf(StitchOptions options) {
            return values.length == 0 ? options : options.withBackgroundColor(values);
        }
    }

    @Override
    public Color convert(String value) {
        String v = value.trim();
        try {
            if (v.startsWith("#")) {
                String hex = v.substring(1);
                if (hex.length() != 6 && hex.length() != 8 && hex.length() != 2) {
                    throw new NumberFormatException();
                }
                double[] c = new double[hex.length() / 2];
                for (int i = 0; i < c.length; i++) {
                    c[i] = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) / 255.0;
                }
                return new Color(c);
            }
            double[] c = Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            if (c.length > 4) {
                throw new NumberFormatException();
            }
            return new Color(c);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new TypeConversionException("expected a colour such as '#202020' or '0.1,0.1,0.1,1', got '"
                    + value + "'");
        }
    }
}
