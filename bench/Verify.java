import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;

/**
 * Checks a benchmark output against its inputs: the size, and 400 random pixels compared
 * with the tile they came from (read through OIIO, in row order so PNGs decode once), for grid mosaics laid out by a CSV
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
        // Sample points sorted by row, so that scanline outputs (PNG) are read in one pass.
        Random random = new Random(42);
        int[][] points = new int[400][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new int[] {random.nextInt(width), random.nextInt(height)};
        }
        java.util.Arrays.sort(points, (p, q) -> p[1] != q[1] ? Integer.compare(p[1], q[1]) : Integer.compare(p[0], q[0]));
        java.util.Map<Tile, java.util.List<float[]>> expected = new java.util.LinkedHashMap<>();
        float[][] got = new float[points.length][];
        try (ImageReader out = ImageReader.open(output)) {
            ImageSpec s = out.spec();
            if (s.width() != width || s.height() != height) {
                System.out.println("size " + s.width() + "x" + s.height() + ", expected " + width + "x" + height);
                System.exit(1);
            }
            float[] row = new float[width * s.channels()];
            int lastRow = -1;
            for (int i = 0; i < points.length; i++) {
                int y = points[i][1];
                if (y != lastRow) {
                    out.readScanlines(y, y + 1, row);
                    lastRow = y;
                }
                got[i] = java.util.Arrays.copyOfRange(row, points[i][0] * s.channels(), (points[i][0] + 1) * s.channels());
            }
        }
        for (int i = 0; i < points.length; i++) {
            int x = points[i][0];
            int y = points[i][1];
            Tile t = null;
            for (Tile c : tiles) {  // the last tile covering the pixel wins
                if (x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) {
                    t = c;
                }
            }
            if (t != null) {
                expected.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(new float[] {i});
            }
        }
        for (var entry : expected.entrySet()) {
            Tile t = entry.getKey();
            try (ImageReader in = ImageReader.open(t.path)) {
                int channels = in.spec().channels();
                float[] row = new float[t.w * channels];
                int lastRow = -1;
                for (float[] ref : entry.getValue()) {  // already in row order
                    int i = (int) ref[0];
                    int y = points[i][1] - t.y;
                    if (y != lastRow) {
                        in.readScanlines(in.spec().y() + y, in.spec().y() + y + 1, row);
                        lastRow = y;
                    }
                    for (int c = 0; c < Math.min(channels, got[i].length); c++) {
                        float want = row[(points[i][0] - t.x) * channels + c];
                        if (Math.abs(got[i][c] - want) > 1.5 / 255) {
                            System.out.println("pixel " + points[i][0] + "," + points[i][1] + " channel " + c
                                    + " is " + got[i][c] + ", the input has " + want);
                            System.exit(1);
                        }
                    }
                }
            }
        }
        System.out.println("ok");
    }
}
