import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;

/**
 * The decoding floor: reads every given image in full through OIIO, on all cores, and
 * discards the pixels. No stitcher can be faster than this for the same inputs.
 *
 *   java -cp target/tilewright.jar bench/DecodeFloor.java FILE...
 */
public class DecodeFloor {
    public static void main(String[] files) throws Exception {
        List<String> all = Arrays.asList(files);
        AtomicInteger next = new AtomicInteger();
        Thread[] threads = new Thread[Runtime.getRuntime().availableProcessors()];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                byte[] rows = null;
                for (int i; (i = next.getAndIncrement()) < all.size(); ) {
                    try (ImageReader r = ImageReader.open(Path.of(all.get(i)))) {
                        ImageSpec s = r.spec();
                        int band = 64;
                        long need = (long) band * s.width() * s.channels();
                        if (rows == null || rows.length < need) {
                            rows = new byte[(int) need];
                        }
                        for (int y = s.y(); y < s.y() + s.height(); y += band) {
                            int y1 = Math.min(y + band, s.y() + s.height());
                            r.readScanlines(y, y1, rows);
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
