package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelSize;
import org.tilewright.PixelType;
import org.tilewright.Pyramid;
import org.tilewright.RegionWriter;
import org.tilewright.WriteOptions;

/**
 * OME-Zarr outputs, read by a reader nobody here wrote — Debian's python3-zarr — against
 * Tilewright's own TIFF of the same job, level by level; the OME-NGFF 0.4 metadata checked
 * field by field against what the specification requires; the folder appears only complete.
 */
class OmeZarrIT {
    @TempDir
    Path dir;

    /** Two 4-channel 16-bit "fluorescence" fields, by tifffile. */
    @BeforeEach
    void fields() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "rng = np.random.default_rng(21)",
                "for k in range(2):",
                "    a = rng.integers(0, 50000, size=(900, 700, 4), dtype=np.uint16)",
                "    a[:, :, 2] //= 5",
                "    tifffile.imwrite(f'f{k}.tif', a, photometric='minisblack', planarconfig='contig',",
                "                     extrasamples=['unspecified'] * 3)")).ok();
    }

    @Test
    void everyLevelEqualsTheTiffOfTheSameJobAndTheMetadataIsNgff04() {
        for (String out : List.of("cells.ome.zarr", "cells.tif")) {
            Tools.tilewright(dir, "montage", "--grid", "2x1", "--pyramid", "--channel-names", "DAPI,GFP,mCherry,Cy5",
                    "--pixel-size", "0.325um", "-o", out, "f0.tif", "f1.tif").ok();
        }
        String check = String.join("\n",
                "import json, numpy as np, tifffile, zarr",
                "g = zarr.open_group('cells.ome.zarr', mode='r')",
                "ms = g.attrs['multiscales']",
                "assert isinstance(ms, list) and len(ms) == 1",
                "m = ms[0]",
                "assert m['version'] == '0.4', m['version']",
                "axes = m['axes']",
                "assert [a['name'] for a in axes] == ['c', 'y', 'x'], axes",
                "assert [a['type'] for a in axes] == ['channel', 'space', 'space'], axes",
                "assert axes[1]['unit'] == axes[2]['unit'] == 'micrometer', axes",
                "with tifffile.TiffFile('cells.tif') as t:",
                "    tiff = [np.moveaxis(l.asarray(), -1, 0) for l in t.series[0].levels]",
                "assert len(m['datasets']) == len(tiff), (len(m['datasets']), len(tiff))",
                "for k, d in enumerate(m['datasets']):",
                "    t = d['coordinateTransformations']",
                "    assert len(t) == 1 and t[0]['type'] == 'scale' and len(t[0]['scale']) == 3, t",
                "    assert t[0]['scale'] == [1.0, 0.325 * 2 ** k, 0.325 * 2 ** k], t",
                "    a = g[d['path']]",
                "    assert a.chunks == (1, 256, 256) and a.dtype == np.uint16, (a.chunks, a.dtype)",
                "    assert np.array_equal(a[:], tiff[k]), 'level %d differs from the TIFF' % k",
                "assert [c['label'] for c in g.attrs['omero']['channels']] == ['DAPI', 'GFP', 'mCherry', 'Cy5']",
                "z = json.load(open('cells.ome.zarr/0/.zarray'))",
                "assert z['zarr_format'] == 2 and z['dimension_separator'] == '/' and z['compressor']['id'] == 'zlib', z",
                "assert json.load(open('cells.ome.zarr/.zgroup')) == {'zarr_format': 2}",
                "print(len(tiff), [d['path'] for d in m['datasets']])");
        assertEquals("4 ['0', '1', '2', '3']", Tools.python(dir, check).ok().out().strip());
        String info = Tools.tilewright(dir, "info", "cells.ome.zarr").ok().out();
        assertTrue(info.contains("1400 x 900, 4 channel(s) uint16, OME-Zarr (NGFF 0.4, Zarr v2): 4 level(s)"), info);
    }

    @Test
    void anRgbImageWithoutPyramidIsOneLevel() {
        Tools.tilewright(dir, "generate", "gradient", "--size", "1000x700", "-o", "g.ome.zarr").ok();
        Tools.tilewright(dir, "generate", "gradient", "--size", "1000x700", "-o", "g.tif").ok();
        String check = String.join("\n",
                "import numpy as np, tifffile, zarr",
                "g = zarr.open_group('g.ome.zarr', mode='r')",
                "assert [d['path'] for d in g.attrs['multiscales'][0]['datasets']] == ['0']",
                "a = g['0'][:]",
                "assert np.array_equal(a, np.moveaxis(tifffile.imread('g.tif'), -1, 0))",
                "print(a.shape, a.dtype)");
        assertEquals("(3, 700, 1000) uint8", Tools.python(dir, check).ok().out().strip());
    }

    /**
     * Every type a Zarr array holds, with zstd chunks, against an uncompressed TIFF of the same
     * job (OIIO's TIFF writer, read by tifffile). The TIFF holds half as float: level 0 is
     * compared rounded to half, the levels (reduced from half here, from float there) within
     * half's precision.
     */
    @Test
    void everyIntegerAndFloatTypeWithZstdChunksEqualsTheTiffOfTheSameJob() {
        List<String> types = List.of("int8", "int16", "uint32", "int32", "float", "half");
        for (String type : types) {
            Tools.tilewright(dir, "generate", "noise", "--size", "700x500", "--type", type, "--channels", "2",
                    "--pyramid", "--compression", "zstd:5", "-o", type + ".ome.zarr").ok();
            Tools.tilewright(dir, "generate", "noise", "--size", "700x500", "--type", type, "--channels", "2",
                    "--pyramid", "--compression", "none", "-o", type + ".tif").ok();
        }
        String check = String.join("\n",
                "import json, sys, numpy as np, tifffile, zarr",
                "for t in sys.argv[1:]:",
                "    g = zarr.open_group(t + '.ome.zarr', mode='r')",
                "    with tifffile.TiffFile(t + '.tif') as f:",
                "        tiff = [np.moveaxis(l.asarray(), -1, 0) for l in f.series[0].levels]",
                "    ds = g.attrs['multiscales'][0]['datasets']",
                "    assert len(ds) == len(tiff) == 3, (t, len(ds), len(tiff))",
                "    for k, d in enumerate(ds):",
                "        a = g[d['path']][:]",
                "        assert a.dtype == np.dtype('float16' if t == 'half' else 'float32' if t == 'float' else t), a.dtype",
                "        if t != 'half':",
                "            assert np.array_equal(a, tiff[k]), (t, k)",
                "        elif k == 0:",
                "            assert np.array_equal(a, tiff[k].astype(np.float16)), (t, k)",
                "        else:",
                "            assert np.abs(a.astype(np.float32) - tiff[k]).max() <= 2 ** -10, (t, k)",
                "    assert json.load(open(t + '.ome.zarr/0/.zarray'))['compressor'] == {'id': 'zstd', 'level': 5}",
                "    assert str(g['0'].compressor) == 'Zstd(level=5)', g['0'].compressor",
                "    print(t, g['0'].dtype)");
        String out = Tools.python(dir, check, types.toArray(new String[0])).ok().out().strip();
        assertEquals("int8 int8\nint16 int16\nuint32 uint32\nint32 int32\nfloat float32\nhalf float16", out);
        Tools.Result bad = Tools.tilewright(dir, "generate", "gradient", "--size", "300x200", "--compression", "lzw",
                "-o", "lzw.ome.zarr");
        assertNotEquals(0, bad.exit());
        assertTrue(bad.err().contains("compression 'lzw' is not available for OME-Zarr files; choose one of none, "
                + "zip[:1-9], zlib[:1-9], zstd[:1-22]"), bad.err());
        assertTrue(Files.notExists(dir.resolve("lzw.ome.zarr")));
    }

    /**
     * The library's row writer (not the CLI): 2-channel float rows pushed by a program, with a
     * pyramid and a physical pixel size, read back by python3-zarr exactly as computed here.
     */
    @Test
    void rowsPushedThroughTheWriterApiAreWhatZarrReads() throws Exception {
        int width = 530, height = 300;
        ImageSpec spec = ImageSpec.builder(width, height, 2, PixelType.FLOAT).channelNames(List.of("signal", "mask"))
                .compression("zstd").build();
        WriteOptions options = WriteOptions.defaults().withPyramid(Pyramid.automatic())
                .withPixelSize(PixelSize.of(0.5, "nm"));
        try (ImageWriter out = ImageWriter.open(dir.resolve("api.ome.zarr"), spec, options)) {
            float[] rows = new float[width * 2 * 50];
            for (int y0 = 0; y0 < height; y0 += 50) {
                for (int y = 0; y < 50; y++) {
                    for (int x = 0; x < width; x++) {
                        rows[(y * width + x) * 2] = (x * 7 + (y0 + y) * 13) / 1000f;
                        rows[(y * width + x) * 2 + 1] = ((x + y0 + y) & 1) == 0 ? 1f : -1f;
                    }
                }
                out.writeScanlines(y0, y0 + 50, rows);
            }
            out.finish();
        }
        String check = String.join("\n",
                "import numpy as np, zarr",
                "g = zarr.open_group('api.ome.zarr', mode='r')",
                "m = g.attrs['multiscales'][0]",
                "assert m['axes'][2] == {'name': 'x', 'type': 'space', 'unit': 'nanometer'}, m['axes']",
                "a = g['0'][:]",
                "y, x = np.mgrid[0:300, 0:530]",
                "assert np.array_equal(a[0], ((x * 7 + y * 13) / np.float32(1000)).astype(np.float32))",
                "assert np.array_equal(a[1], np.where((x + y) % 2 == 0, 1, -1).astype(np.float32))",
                "one = g['1'][:]",
                "assert one.shape == (2, 150, 265) and np.allclose(one[0], a[0].reshape(150, 2, 265, 2).mean(axis=(1, 3)), atol=1e-5)",
                "assert np.array_equal(one[1], np.zeros((150, 265), np.float32))",
                "print([d['path'] for d in m['datasets']], [c['label'] for c in g.attrs['omero']['channels']])");
        assertEquals("['0', '1', '2'] ['signal', 'mask']", Tools.python(dir, check).ok().out().strip());
    }

    /** The library's any-order writer: 16-bit regions given bottom-right first, as python3-zarr reads them. */
    @Test
    void regionsGivenInAnyOrderThroughTheRegionWriter() throws Exception {
        int width = 700, height = 520, side = 100;
        ImageSpec spec = ImageSpec.builder(width, height, 1, PixelType.UINT16).build();
        try (RegionWriter out = RegionWriter.open(dir.resolve("regions.ome.zarr"), spec,
                WriteOptions.defaults().withPyramid(Pyramid.automatic()), 64L << 20)) {
            for (int ty = (height - 1) / side; ty >= 0; ty--) {
                for (int tx = (width - 1) / side; tx >= 0; tx--) {
                    int w = Math.min(side, width - tx * side), h = Math.min(side, height - ty * side);
                    short[] pixels = new short[w * h];
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            pixels[y * w + x] = (short) ((tx * side + x) * 3 + (ty * side + y) * 5);
                        }
                    }
                    out.writeRegion(tx * side, ty * side, w, h, pixels);
                }
            }
            out.finish();
        }
        String check = String.join("\n",
                "import numpy as np, zarr",
                "g = zarr.open_group('regions.ome.zarr', mode='r')",
                "y, x = np.mgrid[0:520, 0:700]",
                "assert np.array_equal(g['0'][:][0], (x * 3 + y * 5).astype(np.uint16))",
                "print(g['0'].shape, g['2'].shape)");
        assertEquals("(1, 520, 700) (1, 130, 175)", Tools.python(dir, check).ok().out().strip());
    }

    @Test
    void theFolderAppearsOnlyCompleteAndIsNotClobbered() throws Exception {
        // Stopped half-way (SIGTERM once chunks are being written): nothing of it is left.
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar, "generate", "noise", "--size", "12000x12000", "--threads", "1", "-q", "-o", "stopped.ome.zarr")
                .directory(dir.toFile()).redirectErrorStream(true);
        b.environment().remove("LD_PRELOAD");
        Process p = b.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline && !chunksBeingWritten()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the job ended before it could be stopped");
        p.destroy();  // SIGTERM
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".ome.zarr")), "nothing of it is left");
        }
        Tools.tilewright(dir, "generate", "gradient", "--size", "300x200", "-o", "g.ome.zarr").ok();
        Tools.Result again = Tools.tilewright(dir, "generate", "gradient", "--size", "500x200", "-o", "g.ome.zarr");
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("exists; use --overwrite"), again.err());
        Tools.tilewright(dir, "generate", "gradient", "--size", "500x200", "--overwrite", "-o", "g.ome.zarr").ok();
        String shape = Tools.python(dir, "import zarr\nprint(zarr.open_group('g.ome.zarr', mode='r')['0'].shape)").ok()
                .out().strip();
        assertEquals("(3, 200, 500)", shape);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tw-")), "no leftovers");
        }
    }

    /** Whether the stopped job's temporary folder holds a row of chunks yet. */
    private boolean chunksBeingWritten() throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(".tw-partial-")
                    && Files.exists(f.resolve("0").resolve("0").resolve("0")));
        }
    }
}
