import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;

/**
 * Checks a benchmark output against its inputs: the size, and 400 random pixels compared
 * with the tile they came from (read through OIIO), for grid mosaics laid out by a CSV
 * manifest (path,x,y). Prints "ok" or what differs, and exits 1 on a difference.
 *
 *   java -cp target/tilewright.jar bench/Verify.java OUTPUT MANIFEST.csv WIDTH HEIGHT
 */
public class Verify {
    record Tile(Path path, int x, int y, int w, int h) {}

    public static void main(String[] a) throws Exception {
        Path output = Path.of(a[0]);
        Path manifest = Path.of(a[1]);
        int width = Integer.parseInt(a[2]);
        int height = Integer.parseInt(a[3]);
        List<String> lines = Files.readAllLines(manifest);
        List<Tile> tiles = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Path p = manifest.getParent().resolve(f[0]);
            ImageSpec s = ImageReader.readSpec(p);
            tiles.add(new Tile(p, Integer.parseInt(f[1]), Integer.parseInt(f[2]), s.width(), s.height()));
        }
        try (ImageReader out = ImageReader.open(output)) {
            ImageSpec s = out.spec();
            if (s.width() != width || s.height() != height) {
                System.out.println("size " + s.width() + "x" + s.height() + ", expected " + width + "x" + height);
                System.exit(1);
            }
            Random random = new Random(42);
            int channels = s.channels();
            float[] got = new float[channels];
            float[] want = new float[channels];
            for (int i = 0; i < 400; i++) {
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                Tile t = null;
                for (Tile c : tiles) {  // the last tile covering the pixel wins
                    if (x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) {
                        t = c;
                    }
                }
                if (t == null) {
                    continue;
                }
                out.readRegion(x, y, 1, 1, got);
                try (ImageReader in = ImageReader.open(t.path)) {
                    in.readRegion(x - t.x, y - t.y, 1, 1, want);
                }
                for (int c = 0; c < channels; c++) {
                    if (Math.abs(got[c] - want[c]) > 1.5 / 255) {
                        System.out.println("pixel " + x + "," + y + " channel " + c + " is " + got[c]
                                + ", the input has " + want[c]);
                        System.exit(1);
                    }
                }
            }
        }
        System.out.println("ok");
    }
}
