import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;
import org.tilewright.RegionWriter;
import org.tilewright.WriteOptions;

/**
 * Writes a SIZE x SIZE RGB tiled TIFF of a known pattern, as a child process whose memory a
 * test measures: "shuffled" sends its TILE x TILE tiles from THREADS threads in a shuffled
 * order through a RegionWriter holding at most BUFFER_MB; "ordered" writes the same rows in
 * order through an ImageWriter.
 *
 * usage: java -cp tilewright.jar ShuffledTiles.java OUT SIZE TILE THREADS BUFFER_MB shuffled|ordered
 */
public class ShuffledTiles {
    static byte value(int x, int y, int c) {
        return (byte) ((x * 7 + y * 13 + c * 85) ^ (x >> 5) ^ (y >> 3));
    }

    static byte[] tile(int x0, int y0, int w, int h) {
        byte[] data = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    data[(y * w + x) * 3 + c] = value(x0 + x, y0 + y, c);
                }
            }
        }
        return data;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        int tile = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long buffer = Long.parseLong(args[4]) << 20;
        ImageSpec spec = ImageSpec.builder(size, size, 3, PixelType.UINT8).tileSize(tile, tile).build();
        if (args[5].equals("ordered")) {
            try (ImageWriter w = ImageWriter.open(out, spec)) {
                for (int y = 0; y < size; y += tile) {
                    int h = Math.min(tile, size - y);
                    w.writeTiles(0, size, y, y + h, tile(0, y, size, h));
                }
                w.finish();
            }
            return;
        }
        List<int[]> tiles = new ArrayList<>();
        for (int y = 0; y < size; y += tile) {
            for (int x = 0; x < size; x += tile) {
                tiles.add(new int[] {x, y});
            }
        }
        Collections.shuffle(tiles, new Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RegionWriter w = RegionWriter.open(out, spec, WriteOptions.defaults(), buffer)) {
            List<Future<?>> done = new ArrayList<>();
            for (int[] t : tiles) {
                done.add(pool.submit(() -> {
                    int width = Math.min(tile, size - t[0]);
                    int height = Math.min(tile, size - t[1]);
                    w.writeRegion(t[0], t[1], width, height, tile(t[0], t[1], width, height));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            w.finish();
        } finally {
            pool.shutdown();
        }
    }
}
