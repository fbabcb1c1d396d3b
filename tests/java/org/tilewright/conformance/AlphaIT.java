package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Straight and premultiplied alpha, from files Python's png module and tifffile wrote,
 * through every kind of output, checked against oiiotool's, ImageMagick's and tifffile's
 * reading of the same files (1/255 for the rounding of 8-bit association).
 */
class AlphaIT {
    @TempDir
    Path dir;

    /// Semi-transparent, fully transparent (with colour left in it) and opaque pixels.
    static final String STRAIGHT_PNG = String.join("\n",
            "import png, sys",
            "rows = [[200,100,50,128, 255,0,0,0, 10,250,30,255, 0,0,255,64],",
            "        [255,255,255,255, 90,90,90,200, 1,2,3,1, 40,80,120,32]]",
            "png.Writer(4, 2, alpha=True, greyscale=False, bitdepth=8).write(open(sys.argv[1], 'wb'), rows)");

    @BeforeEach
    void writeTheInputs() {
        Tools.python(dir, STRAIGHT_PNG, "straight.png").ok();
    }

    /** ImageMagick's 8-bit RGBA reading of {@code file}, "r,g,b,a" per pixel. */
    String magickPixels(String file) {
        Tools.Result r = Tools.run(dir, "convert", file, "-depth", "8", "txt:-").ok();
        StringBuilder s = new StringBuilder();
        for (String line : r.out().lines().skip(1).toList()) {
            s.append(line, line.indexOf('(') + 1, line.indexOf(')')).append(' ');
        }
        return s.toString().trim();
    }

    /** Asserts that two "r,g,b,a r,g,b,a …" listings differ by at most {@code levels} anywhere. */
    static void assertWithin(int levels, String expected, String actual) {
        String[] e = expected.split("[ ,]+");
        String[] a = actual.split("[ ,]+");
        assertEquals(e.length, a.length, expected + " vs " + actual);
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(Integer.parseInt(e[i]) - Integer.parseInt(a[i])) <= levels,
                    "value " + i + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void straightAlphaIntoTiffIsTaggedUnassociatedWithValuesKept() {
        Tools.tilewright(dir, "montage", "straight.png", "-o", "s.tif").ok();
        Tools.Result tags = Tools.python(dir, String.join("\n",
                "import tifffile, sys",
                "p = tifffile.TiffFile(sys.argv[1]).pages[0]",
                "print(int(p.tags['ExtraSamples'].value[0]))"), "s.tif").ok();
        assertEquals("2", tags.out().trim(), "ExtraSamples = 2: unassociated alpha, as the values are");
        assertEquals(magickPixels("straight.png"), magickPixels("s.tif"),
                "ImageMagick reads the TIFF as it reads the PNG");
    }

    @Test
    void straightAlphaIntoExrIsMadeLinearAndPremultiplied() {
        Tools.tilewright(dir, "montage", "straight.png", "-o", "s.exr").ok();
        // oiiotool associates alpha when it reads a PNG, and its colour conversion works on
        // straight colour: its linear EXR is the reference.
        Tools.run(dir, "oiiotool", "straight.png", "--colorconvert:unpremult=1", "sRGB", "linear", "-d", "half", "-o", "ref.exr").ok();
        Tools.assertSamePixels(dir, dir.resolve("s.exr"), dir.resolve("ref.exr"), 1.0 / 255 + 1e-3);
        // The fully transparent pixel keeps no colour.
        Tools.Result px = Tools.run(dir, "oiiotool", "s.exr", "--cut", "1x1+1+0", "--printstats").ok();
        assertTrue(px.out().contains("Stats Max: 0.000000 0.000000 0.000000 0.000000"), px.out());
    }

    @Test
    void premultipliedTiffIntoPngIsDividedByAlpha() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile, sys",
                "a = np.array([[[200,100,50,128],[90,90,90,200],[7,7,7,0]]], dtype=np.uint8)",
                "pm = a.copy(); pm[...,:3] = np.floor(a[...,:3].astype(float) * a[...,3:] / 255 + 0.5)",
                "tifffile.imwrite(sys.argv[1], pm, photometric='rgb', extrasamples=['assocalpha'])"), "assoc.tif").ok();
        Tools.tilewright(dir, "montage", "assoc.tif", "-o", "a.png").ok();
        Tools.run(dir, "oiiotool", "assoc.tif", "-o", "ref.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("a.png"), dir.resolve("ref.png"), 1.0 / 255 + 1e-3);
    }

    @Test
    void blendOverOfSemiTransparentInputsMatchesOiiotool() throws Exception {
        Tools.python(dir, String.join("\n",
                "import png, sys",
                "row = lambda px: [v for p in px for v in p]",
                "top = [row([(255,0,0,128)] * 3 + [(0,255,0,0)]), row([(0,0,255,200)] * 4)]",
                "png.Writer(4, 2, alpha=True, greyscale=False, bitdepth=8).write(open('top.png', 'wb'), top)"), "top.png").ok();
        // straight.png is underneath, top.png over it: later inputs composite over earlier.
        java.nio.file.Files.writeString(dir.resolve("layout.csv"), "path,x,y,z\nstraight.png,0,0,0\ntop.png,0,0,1\n");
        Tools.tilewright(dir, "stitch", "layout.csv", "--blend", "over", "-o", "over.exr").ok();
        Tools.run(dir, "oiiotool", "top.png", "--colorconvert:unpremult=1", "sRGB", "linear",
                "straight.png", "--colorconvert:unpremult=1", "sRGB",
                "linear", "--over", "-d", "half", "-o", "ref.exr").ok();
        Tools.assertSamePixels(dir, dir.resolve("over.exr"), dir.resolve("ref.exr"), 2.0 / 255);
        // The same into a PNG: straight colour, as ImageMagick composes it (compared through
        // ImageMagick's reading: oiiotool reads its palette PNG through a 2.2 gamma).
        Tools.tilewright(dir, "stitch", "layout.csv", "--blend", "over", "-o", "over.png").ok();
        Tools.run(dir, "convert", "straight.png", "top.png", "-compose", "over", "-composite", "ref.png").ok();
        assertWithin(2, magickPixels("ref.png"), magickPixels("over.png"));
    }

    @Test
    void aBackgroundColourWithoutAlphaIsOpaque() {
        // Two inputs in a 3-wide grid: the empty third cell shows the background.
        Tools.tilewright(dir, "montage", "straight.png", "straight.png", "--grid", "3x1", "--background", "#202020",
                "-o", "m.png").ok();
        String pixels = magickPixels("m.png");
        assertTrue(pixels.contains("32,32,32,255"), "opaque #202020 in the empty cell: " + pixels);
        Tools.tilewright(dir, "montage", "straight.png", "straight.png", "--grid", "3x1", "--background", "#20202080",
                "-o", "h.png").ok();
        assertTrue(magickPixels("h.png").contains("32,32,32,128"), "the given alpha is kept");
    }
}
