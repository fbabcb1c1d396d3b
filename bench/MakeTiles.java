import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tilewright.ImageGenerator;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;
import org.tilewright.RowFunction;

/**
 * Deterministic benchmark inputs that compress like photographs or microscopy: smooth
 * structure plus a little noise, never flat colour. Run with the built jar on the class path:
 *
 *   java -cp target/tilewright.jar bench/MakeTiles.java DIR COLUMNS ROWS TILE EXT TYPE CHANNELS [OVERLAP]
 *
 * writes COLUMNS x ROWS tiles of TILE^2 pixels (plus OVERLAP on the right and bottom, for
 * stitching with overlaps) cut from one continuous field, named r%03d_c%03d.EXT, and a CSV
 * manifest layout.csv with their positions.
 */
public class MakeTiles {
    static int hash(int x, int y, int c) {
        int h = x * 0x9E3779B1 ^ y * 0x85EBCA77 ^ c * 0xC2B2AE3D;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    /** The field, 0..1: broad shapes, finer texture, sensor-like noise. */
    static double field(int x, int y, int c) {
        double v = 0.5 + 0.28 * Math.sin(x / 310.0 + c) * Math.cos(y / 420.0 - c)
                + 0.12 * Math.sin((x + 2 * y) / 37.0 + c) + 0.03 * ((hash(x, y, c) & 255) / 255.0 - 0.5);
        return Math.max(0, Math.min(1, v));
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int columns = Integer.parseInt(a[1]);
        int rows = Integer.parseInt(a[2]);
        int tile = Integer.parseInt(a[3]);
        String ext = a[4];
        PixelType type = PixelType.parse(a[5]);
        int channels = Integer.parseInt(a[6]);
        int overlap = a.length > 7 ? Integer.parseInt(a[7]) : 0;
        Files.createDirectories(dir);
        double max = type == PixelType.UINT16 ? 65535 : 255;
        StringBuilder csv = new StringBuilder("path,x,y\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int x0 = c * tile;
                int y0 = r * tile;
                int w = tile + (c < columns - 1 ? overlap : 0);
                int h = tile + (r < rows - 1 ? overlap : 0);
                String name = String.format(Locale.ROOT, "r%03d_c%03d.%s", r, c, ext);
                Path file = dir.resolve(name);
                csv.append(name).append(',').append(x0).append(',').append(y0).append('\n');
                if (Files.exists(file)) {
                    continue;
                }
                ImageSpec spec = ImageSpec.builder(w, h, channels, type).build();
                RowFunction fill = (int y, ByteBuffer row) -> {
                    for (int x = 0; x < w; x++) {
                        for (int ch = 0; ch < channels; ch++) {
                            double v = field(x0 + x, y0 + y, ch) * max;
                            if (type == PixelType.UINT16) {
                                row.putShort((short) Math.round(v));
                            } else {
                                row.put((byte) Math.round(v));
                            }
                        }
                    }
                };
                new ImageGenerator(spec).generate(file, fill);
            }
        }
        Files.writeString(dir.resolve("layout.csv"), csv);
    }
}
