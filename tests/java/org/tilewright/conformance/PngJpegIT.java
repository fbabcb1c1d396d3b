package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNGs written by Python's png module (palette, tRNS, 1/4/16-bit, gray+alpha, interlaced)
 * and JPEGs by ImageMagick (baseline, progressive, CMYK), through the CLI, checked with the
 * png module's own decoder and ImageMagick's; camera JPEGs (Exif written by oiiotool) keep
 * their maker and Exif in a TIFF montage read back by tifffile.
 */
class PngJpegIT {
    @TempDir
    Path dir;

    static final String COMPARE = Path.of("tests/conformance/png_compare.py").toAbsolutePath().toString();

    static final String MAKE_PNGS = String.join("\n",
            "import png, numpy as np",
            "w, h = 40, 30",
            "y, x = np.mgrid[0:h, 0:w]",
            "rgb16 = np.stack([x * 1600, y * 2100, (x + y) * 900], -1).astype(np.uint16)",
            "png.Writer(w, h, greyscale=False, bitdepth=16).write(open('rgb16.png', 'wb'), rgb16.reshape(h, -1).tolist())",
            "idx = ((x // 5 + y // 5) % 16).astype(np.uint8)",
            "png.Writer(w, h, palette=[(i * 16, 255 - i * 16, 128) for i in range(16)], bitdepth=8)"
                    + ".write(open('pal.png', 'wb'), idx.tolist())",
            "png.Writer(w, h, palette=[(i * 16, 255 - i * 16, 128, i * 17) for i in range(16)], bitdepth=8)"
                    + ".write(open('palt.png', 'wb'), idx.tolist())",
            "rgb8 = np.stack([x * 6, y * 8, (x + y) * 3], -1).astype(np.uint8); rgb8[0:5, 0:5] = (10, 20, 30)",
            "png.Writer(w, h, greyscale=False, bitdepth=8, transparent=(10, 20, 30))"
                    + ".write(open('rgbt.png', 'wb'), rgb8.reshape(h, -1).tolist())",
            "png.Writer(w, h, greyscale=True, bitdepth=8, transparent=0).write(open('grayt.png', 'wb'), (x * 6).astype(np.uint8).tolist())",
            "rgba = np.dstack([rgb8, (y * 8).astype(np.uint8)])",
            "png.Writer(w, h, greyscale=False, alpha=True, bitdepth=8, interlace=True)"
                    + ".write(open('inter.png', 'wb'), rgba.reshape(h, -1).tolist())",
            "ga = np.stack([x * 1600, y * 2100], -1).astype(np.uint16)",
            "png.Writer(w, h, greyscale=True, alpha=True, bitdepth=16).write(open('ga16.png', 'wb'), ga.reshape(h, -1).tolist())",
            "png.Writer(w, h, greyscale=True, bitdepth=1).write(open('g1.png', 'wb'), ((x + y) % 2).tolist())",
            "png.Writer(w, h, greyscale=True, bitdepth=4).write(open('g4.png', 'wb'), ((x + y) % 16).tolist())");

    @Test
    void everyKindOfPngReadsAsThePngModuleDecodesIt() {
        Tools.python(dir, MAKE_PNGS).ok();
        for (String name : List.of("rgb16", "pal", "palt", "rgbt", "grayt", "inter", "ga16", "g1", "g4")) {
            Tools.tilewright(dir, "montage", name + ".png", "-o", "out_" + name + ".png").ok();
            Tools.Result c = Tools.run(dir, "/usr/bin/python3", COMPARE, name + ".png", "out_" + name + ".png");
            assertEquals(0, c.exit(), name + ": " + c.out() + c.err());
        }
        // tRNS and palette alpha become an alpha channel; info says so.
        Tools.Result info = Tools.tilewright(dir, "info", "rgbt.png", "grayt.png").ok();
        assertTrue(info.out().contains("rgbt.png: 40 x 30, 4 channel(s) R,G,B,A uint8"), info.out());
        assertTrue(info.out().contains("grayt.png: 40 x 30, 2 channel(s) Y,A uint8"), info.out());
    }

    @Test
    void baselineProgressiveAndCmykJpegsReadAsImageMagickDecodesThem() {
        Tools.run(dir, "convert", "-size", "64x48", "gradient:red-blue", "-quality", "90", "base.jpg").ok();
        Tools.run(dir, "convert", "base.jpg", "-interlace", "Plane", "prog.jpg").ok();
        Tools.run(dir, "convert", "base.jpg", "-colorspace", "CMYK", "cmyk.jpg").ok();
        for (String name : List.of("base", "prog", "cmyk")) {
            Tools.tilewright(dir, "montage", name + ".jpg", "-o", name + ".png").ok();
            Tools.run(dir, "convert", name + ".jpg", "-colorspace", "sRGB", "im_" + name + ".png").ok();
            Tools.assertSamePixels(dir, dir.resolve(name + ".png"), dir.resolve("im_" + name + ".png"), 2.0 / 255);
        }
    }
    /**
     * A camera's JPEGs carry Make, Model and Exif: the montage keeps them (tifffile reads the
     * first directory's tags and its Exif directory) and stays on Tilewright's own TIFF encoder
     * — the one --resume needs, which refused these inputs when their Exif sent the file
     * through OIIO's serial writer.
     */
    @Test
    void cameraJpegsKeepMakeModelAndExifOnTheResumableTiffEncoder() {
        Tools.run(dir, "convert", "-size", "300x200", "gradient:red-blue", "-quality", "92", "plain.jpg").ok();
        Tools.run(dir, "oiiotool", "plain.jpg", "--attrib", "Make", "Canon", "--attrib", "Model", "EOS R5",
                "--attrib", "Exif:FocalLength", "50.0", "-o", "camera.jpg").ok();
        Tools.tilewright(dir, "montage", "--grid", "2x1", "--resume", "camera.jpg", "camera.jpg", "-o", "out.tif").ok();
        Tools.Result tags = Tools.python(dir, String.join("\n",
                "import tifffile",
                "with tifffile.TiffFile('out.tif') as t:",
                "    p = t.pages[0]",
                "    print(p.tags['Make'].value, p.tags['Model'].value, p.tags['ExifTag'].value['FocalLength'])")).ok();
        assertEquals("Canon EOS R5 (50, 1)", tags.out().strip());
        Tools.run(dir, "convert", "camera.jpg", "camera.jpg", "+append", "expected.png").ok();
        Tools.assertSamePixels(dir, dir.resolve("out.tif"), dir.resolve("expected.png"), 2.0 / 255);
    }
    /**
     * Pieces deflated apart and joined into one stream, with run-length matches alone (zip:1)
     * or with the full search too (zip:9): the png module decodes every kind, and a 6 MB image
     * of many pieces, to the input's pixels.
     */
    @Test
    void everyLevelWritesStreamsThePngModuleDecodes() {
        Tools.python(dir, MAKE_PNGS + "\n" + String.join("\n",
                "rng = np.random.default_rng(5)",
                "big = (np.mgrid[0:1100, 0:1900][1][..., None] // 7 + rng.integers(0, 40, (1100, 1900, 3))).astype(np.uint8)",
                "png.Writer(1900, 1100, greyscale=False, bitdepth=8).write(open('big.png', 'wb'), big.reshape(1100, -1).tolist())")).ok();
        for (String name : List.of("rgb16", "inter", "ga16", "big")) {
            for (String level : List.of("1", "9")) {
                String out = "level" + level + "_" + name + ".png";
                Tools.tilewright(dir, "montage", name + ".png", "--compression", "zip:" + level, "-o", out).ok();
                Tools.Result c = Tools.run(dir, "/usr/bin/python3", COMPARE, name + ".png", out);
                assertEquals(0, c.exit(), out + ": " + c.out() + c.err());
            }
        }
    }
}
