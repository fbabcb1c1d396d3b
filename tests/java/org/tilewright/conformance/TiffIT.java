package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TIFFs as scanners, GIS and science write them — made by tifffile, GDAL, libtiff's tiffcp
 * and ImageMagick — read by the CLI and checked against GDAL's (or ImageMagick's) reading
 * of the same file; what OpenImageIO 2.4 cannot read right is refused before any output.
 */
class TiffIT {
    @TempDir
    Path dir;

    /// A 8-bit RGB gradient (tifffile), the source most cases derive from.
    @BeforeEach
    void writeTheSource() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:300, 0:260]",
                "rgb = np.stack([(x * 3 + y) % 256, (y * 2) % 256, (x + y * 5) % 256], axis=-1).astype(np.uint8)",
                "tifffile.imwrite('rgb.tif', rgb, photometric='rgb')",
                "tifffile.imwrite('gray.tif', rgb[..., 0].copy(), photometric='minisblack')")).ok();
    }

    /** Montages {@code input} alone into {@code output} and asserts GDAL reads the same values. */
    void assertReadAsGdalReadsIt(String input, String output, double tolerance, String... scaleAndInvert) {
        Tools.Result r = Tools.tilewright(dir, "montage", input, "-o", output);
        assertEquals(0, r.exit(), r.err());
        Tools.assertSameAsGdalReads(dir, input, output, tolerance, scaleAndInvert);
    }

    void assertRefused(String input, String reason) {
        Tools.Result r = Tools.tilewright(dir, "montage", input, "-o", "refused.tif");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains(input + ": " + reason), r.err());
        assertTrue(!Files.exists(dir.resolve("refused.tif")));
    }

    /**
     * A spec that names no compression is written as OpenImageIO writes it, deflate with the
     * horizontal predictor, for tiles and strips alike (libtiff's tiffinfo reads the tags;
     * tifffile the pixels). Our own encoder took such specs as uncompressed once.
     */
    @Test
    void noCompressionNamedMeansDeflateWithThePredictor() throws Exception {
        for (int tile : new int[] {256, 0}) {
            Path file = dir.resolve("default-" + tile + ".tif");
            org.tilewright.ImageSpec spec = org.tilewright.ImageSpec.builder(600, 400, 3, org.tilewright.PixelType.UINT8)
                    .tileSize(tile, tile).build();
            byte[] rows = new byte[600 * 400 * 3];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (byte) (i / 3 % 600 * 255 / 599);
            }
            try (org.tilewright.ImageWriter w = org.tilewright.ImageWriter.open(file, spec)) {
                w.writeScanlines(0, 400, rows);
                w.finish();
            }
            String tags = Tools.run(dir, "tiffinfo", file.toString()).ok().out();
            assertTrue(tags.contains("Compression Scheme: AdobeDeflate"), tags);
            assertTrue(tags.contains("Predictor: horizontal differencing 2"), tags);
            assertTrue(Files.size(file) < rows.length / 20, Files.size(file) + " bytes for a gradient");
            Tools.python(dir, String.join("\n",
                    "import sys, numpy as np, tifffile",
                    "a = tifffile.imread(sys.argv[1])",
                    "assert a.shape == (400, 600, 3), a.shape",
                    "assert (a[:, :, 0] == (np.arange(600) * 255 // 599)[None, :]).all()"), file.toString()).ok();
        }
    }

    @Test
    void tiledDoubleAndFloatAreReadExactly() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:150, 0:170]",
                "d = np.stack([x * 0.5 + y * 0.25, x * 1.0 - y, np.sin(x * 0.1)], axis=-1)",
                "tifffile.imwrite('d_tiled.tif', d, tile=(32, 32), photometric='rgb')",
                "tifffile.imwrite('d_planar_tiled.tif', np.moveaxis(d, -1, 0).copy(), tile=(16, 16),"
                        + " photometric='rgb', planarconfig='separate', compression='zlib')",
                "tifffile.imwrite('f_tiled.tif', d.astype(np.float32), tile=(48, 48), photometric='rgb')")).ok();
        assertReadAsGdalReadsIt("d_tiled.tif", "d_out.tif", 0);
        assertReadAsGdalReadsIt("d_planar_tiled.tif", "dp_out.tif", 0);
        assertReadAsGdalReadsIt("f_tiled.tif", "f_out.tif", 0);
    }

    @Test
    void doubleOutputIsWrittenSoThatOiioReadsItBack() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:90, 0:70]",
                "tifffile.imwrite('d.tif', x * 0.5 - y * 0.125)")).ok();
        Tools.tilewright(dir, "montage", "d.tif", "-o", "out.tif").ok();
        Tools.Result stats = Tools.run(dir, "oiiotool", "out.tif", "--printstats").ok();
        assertTrue(stats.out().contains("Stats Max: 34.500000"), "oiiotool reads the values: " + stats.out());
        Tools.Result tiled = Tools.tilewright(dir, "montage", "d.tif", "--tile", "64", "-o", "tiled.tif");
        assertEquals(1, tiled.exit());
        assertTrue(tiled.err().contains("tiled 64-bit float TIFFs are read as zeros by OpenImageIO 2.4"), tiled.err());
    }

    @Test
    void planarSeparateStripsCutByBandsAreRead() throws Exception {
        // GDAL's band-interleaved layout: 64-row deflate strips per plane. Its second copy,
        // 40 rows down on a canvas banded in multiples of 48 rows, has every band start
        // inside one of its strips; later inputs win, so that copy is what shows.
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:12000, 0:260]",
                "rgb = np.stack([(x * 3 + y) % 256, (y * 2) % 256, (x + y * 5) % 256], axis=-1).astype(np.uint8)",
                "tifffile.imwrite('tall.tif', rgb, photometric='rgb')")).ok();
        Tools.run(dir, "gdal_translate", "-q", "-co", "INTERLEAVE=BAND", "-co", "COMPRESS=DEFLATE", "-co",
                "BLOCKYSIZE=64", "tall.tif", "planar.tif").ok();
        Files.writeString(dir.resolve("layout.csv"), "path,x,y\nplanar.tif,0,0\nplanar.tif,0,40\n");
        Tools.Result r = Tools.tilewright(dir, "stitch", "layout.csv", "--tile", "48", "--memory", "16M", "-o", "placed.tif");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().matches("(?s).*bands of [0-9]+ rows.*") && !r.err().contains("bands of 12048 rows"),
                "several bands: " + r.err());
        Tools.run(dir, "gdal_translate", "-q", "-srcwin", "0", "40", "260", "12000", "placed.tif", "back.tif").ok();
        Tools.assertSameAsGdalReads(dir, "tall.tif", "back.tif", 0);
    }

    @Test
    void lowAndOddBitDepthsAreScaledToTheirContainer() {
        // n-bit samples are read as 8 (or 16) bits, full scale kept: v * 255 / (2^n - 1).
        for (int bits : new int[] {1, 2, 4}) {
            String name = "b" + bits + ".tif";
            Tools.run(dir, "gdal_translate", "-q", "-scale", "0", "255", "0", Integer.toString((1 << bits) - 1), "-co",
                    "NBITS=" + bits, "gray.tif", name).ok();
            assertReadAsGdalReadsIt(name, "o" + name, 0, Double.toString(255.0 / ((1 << bits) - 1)));
        }
        Tools.run(dir, "gdal_translate", "-q", "-ot", "UInt16", "-scale", "0", "255", "0", "4095", "-co", "NBITS=12",
                "gray.tif", "b12.tif").ok();
        assertReadAsGdalReadsIt("b12.tif", "ob12.tif", 1, Double.toString(65535.0 / 4095));
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:40, 0:50]",
                "tifffile.imwrite('u16.tif', (x * 1000 + y * 7).astype(np.uint16), tile=(16, 16))",
                "tifffile.imwrite('u32.tif', (x * 70000 + y).astype(np.uint32))")).ok();
        assertReadAsGdalReadsIt("u16.tif", "ou16.tif", 0);
        assertReadAsGdalReadsIt("u32.tif", "ou32.tif", 0);
    }

    @Test
    void minIsWhiteIsInverted() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:40, 0:50]",
                "tifffile.imwrite('white.tif', ((x * 5 + y) % 256).astype(np.uint8), photometric='miniswhite')")).ok();
        assertReadAsGdalReadsIt("white.tif", "owhite.tif", 0, "1", "invert");
    }

    @Test
    void paletteIsExpandedAndCmykConverted() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:96, 0:128]",
                "idx = (((x // 16) + (y // 16) * 8) % 16).astype(np.uint8)",
                "cmap = np.zeros((3, 256), np.uint16)",
                "cmap[0, :16] = np.arange(16) * 4000; cmap[1, :16] = 65535 - np.arange(16) * 4000; cmap[2, :16] = 30000",
                "tifffile.imwrite('pal.tif', idx, photometric='palette', colormap=cmap)",
                "cmyk = np.stack([(x * 2) % 256, (y * 2) % 256, (x + y) % 256, (x * y) % 256], axis=-1).astype(np.uint8)",
                "tifffile.imwrite('cmyk.tif', cmyk, photometric='separated')")).ok();
        Tools.tilewright(dir, "montage", "pal.tif", "-o", "pal.png").ok();
        Tools.run(dir, "convert", "pal.tif", "pal_im.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("pal.png"), dir.resolve("pal_im.png"), 0);
        Tools.tilewright(dir, "montage", "cmyk.tif", "-o", "cmyk.png").ok();
        Tools.run(dir, "convert", "cmyk.tif", "-colorspace", "sRGB", "cmyk_im.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("cmyk.png"), dir.resolve("cmyk_im.png"), 1.0 / 255 + 1e-4);
        // JPEG-compressed CMYK in strips is read (lossy: within a few levels of ImageMagick).
        Tools.run(dir, "tiffcp", "-c", "jpeg", "-r", "16", "cmyk.tif", "cmyk_jpeg.tif").ok();
        Tools.tilewright(dir, "montage", "cmyk_jpeg.tif", "-o", "cmyk_jpeg.png").ok();
        Tools.run(dir, "convert", "cmyk_jpeg.tif", "-colorspace", "sRGB", "cmyk_jpeg_im.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("cmyk_jpeg.png"), dir.resolve("cmyk_jpeg_im.png"), 3.0 / 255);
    }

    @Test
    void whatOpenImageIoMisreadsIsRefusedBeforeAnyOutput() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "y, x = np.mgrid[0:96, 0:128]",
                "cmyk = np.stack([(x * 2) % 256, (y * 2) % 256, (x + y) % 256, (x * y) % 256], axis=-1).astype(np.uint8)",
                "tifffile.imwrite('cmyk.tif', cmyk, photometric='separated')",
                "lab = np.stack([(y * 2) % 256, x % 256, (x + y) % 256], axis=-1).astype(np.uint8)",
                "tifffile.imwrite('lab.tif', lab, photometric='cielab')",
                "idx = (((x // 16) + (y // 16) * 8) % 16).astype(np.uint8)",
                "cmap = np.zeros((3, 256), np.uint16); cmap[0, :16] = np.arange(16) * 4000",
                "tifffile.imwrite('pal_alpha.tif', np.stack([idx, (x * 2 % 256).astype(np.uint8)], axis=-1),",
                "                 photometric='minisblack', extrasamples=['unassalpha'],",
                "                 extratags=[(320, 'H', 768, cmap.ravel(), True)])")).ok();
        // Palette with alpha: tifffile will not write it, so its photometric tag is set after.
        Tools.run(dir, "tiffset", "-s", "262", "3", "pal_alpha.tif").ok();
        Tools.run(dir, "tiffcp", "-c", "jpeg", "-t", "-w", "64", "-l", "64", "cmyk.tif", "cmyk_jpeg_tiled.tif").ok();
        assertRefused("cmyk_jpeg_tiled.tif", "is a tiled CMYK TIFF with JPEG compression");
        assertRefused("pal_alpha.tif", "is a palette TIFF with an alpha channel");
        assertRefused("lab.tif", "stores CIELab colour");
    }

    @Test
    void jpegInTiffIsWrittenSoThatGdalAndImageMagickDecodeIt() {
        // A smooth image, as JPEG is meant for.
        Tools.run(dir, "oiiotool", "--pattern", "fill:topleft=0.1,0.5,0.9:topright=0.9,0.5,0.1:bottomleft=0.3,0.9,0.3"
                + ":bottomright=0.6,0.2,0.6", "260x300", "3", "-d", "uint8", "-o", "smooth.tif").ok();
        Tools.tilewright(dir, "montage", "smooth.tif", "--compression", "jpeg", "--tile", "0", "-o", "j.tif").ok();
        Tools.assertSameAsGdalReads(dir, "smooth.tif", "j.tif", 8);
        // And the other way: GDAL's JPEG-in-TIFF (YCbCr, tiled) read as GDAL decodes it.
        Tools.run(dir, "gdal_translate", "-q", "-co", "COMPRESS=JPEG", "-co", "TILED=YES", "-co", "PHOTOMETRIC=YCBCR",
                "smooth.tif", "gdal_jpeg.tif").ok();
        Tools.Result read = Tools.tilewright(dir, "montage", "gdal_jpeg.tif", "-o", "from_gdal.tif");
        assertEquals(0, read.exit(), read.err());
        Tools.assertSameAsGdalReads(dir, "gdal_jpeg.tif", "from_gdal.tif", 2);
        Tools.run(dir, "convert", "j.tif", "j_im.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("j_im.png"), dir.resolve("smooth.tif"), 8.0 / 255);
        for (String[] bad : new String[][] {{"rgb.tif", "--tile", "64"}, {"gray.tif", "--tile", "0"},
            {"rgb.tif", "--type", "uint16", "--tile", "0"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("montage", "--compression", "jpeg"));
            args.addAll(java.util.List.of(bad));
            args.addAll(java.util.List.of("-o", "bad.tif"));
            Tools.Result r = Tools.tilewright(dir, args.toArray(String[]::new));
            assertEquals(1, r.exit(), String.join(" ", bad));
            assertTrue(r.err().contains("JPEG compression in TIFF is written correctly only for 8-bit RGB in strips"), r.err());
            assertTrue(!Files.exists(dir.resolve("bad.tif")));
        }
    }
}
