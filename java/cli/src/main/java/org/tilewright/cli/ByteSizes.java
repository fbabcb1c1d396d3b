package org.tilewright.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes such as "256M", "2G", "512k" or plain bytes. */
final class ByteSizes implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        switch (last) {
            case 'K': unit = 1L << 10; break;
            case 'M': unit = 1L << 20; break;
            case 'G': unit = 1L << 30; break;
            case 'T': unit = 1L << 40; break;
            default: break;
        }
        try {
            double number = Double.parseDouble(unit == 1 ? v : v.substring(0, v.length() - 1));
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return (long) (number * unit);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a size such as 256M or 2G, got '" + value + "'");
        }
    }
}
