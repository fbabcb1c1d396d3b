package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.tilewright.jni.NativeSourceReader;

/**
 * The calls the native stitch makes into the {@link PixelSource}s of one job: each rectangle
 * read straight into the engine's buffer (no copy), and the first failure of each source kept
 * so that the job's error can carry it as its cause. Owned and closed by the job.
 */
final class PixelSourceCalls extends NativeSourceReader {
    private final List<PixelSource> sources;
    private final AtomicReferenceArray<RuntimeException> failures;

    PixelSourceCalls(List<PixelSource> sources) {
        this.sources = List.copyOf(sources);
        this.failures = new AtomicReferenceArray<>(sources.size());
    }

    @Override
    public int call(int source, int x, int y, int width, int height, Pointer data, long rowStride) {
        try {
            PixelSource s = sources.get(source);
            ImageSpec spec = s.spec();
            long bytes = rowStride * height;
            if (rowStride != (long) width * spec.pixelBytes() || bytes > Integer.MAX_VALUE) {
                throw new IllegalStateException("rows of " + rowStride + " bytes for " + width + " pixels");
            }
            ByteBuffer into = new BytePointer(data).capacity(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
            s.read(x, y, width, height, into);
            return 0;
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new TilewrightException(TilewrightException.Kind.BAD_INPUT, e.toString(), e);
            failures.compareAndSet(source, null, failure);
            return -1;
        }
    }

    /** The first exception source {@code index} threw, or null. */
    RuntimeException failureOf(int index) {
        return failures.get(index);
    }

    /** The first exception any source threw, or null. */
    RuntimeException anyFailure() {
        for (int i = 0; i < failures.length(); i++) {
            if (failures.get(i) != null) {
                return failures.get(i);
            }
        }
        return null;
    }
}
