package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Render-farm tile configs in the shapes the real submitters write, with tiles rendered by
 * oiiotool, assembled by the CLI and compared with oiiotool's reading of the reference
 * frame. Each full-frame tile carries a magenta "stale" area outside its region, so a tile
 * pasted whole instead of cropped shows.
 */
class RenderConfigsIT {
    @TempDir
    Path dir;

    static final int W = 96;
    static final int H = 54;

    @BeforeEach
    void renderTheReferenceFrame() {
        Tools.run(dir, "oiiotool", "--pattern",
                "fill:topleft=0,0,0:topright=1,0,0:bottomleft=0,1,0:bottomright=1,1,1", W + "x" + H, "3",
                "-d", "half", "-o", "ref.exr").ok();
    }

    /** A full-frame render holding the reference only in the w x h region at top-down x, y. */
    void fullFrameRender(String name, int x, int y, int w, int h) {
        Tools.run(dir, "oiiotool", "ref.exr", "--cut", w + "x" + h + "+" + x + "+" + y, "--pattern",
                "constant:color=0.9,0.1,0.7", W + "x" + H, "3", "--paste", "+" + x + "+" + y, "-d", "half",
                "-o", name).ok();
    }

    /** A cropped tile: just the region's pixels. */
    void croppedRender(String name, int x, int y, int w, int h) {
        Tools.run(dir, "oiiotool", "ref.exr", "--cut", w + "x" + h + "+" + x + "+" + y, "-d", "half",
                "-o", name).ok();
    }

    void assembleAndCompare(Path config) {
        Tools.Result r = Tools.tilewright(dir, "stitch", config.toString(), "-o", "frame.exr");
        assertEquals(0, r.exit(), r.err());
        Tools.Result info = Tools.run(dir, "oiiotool", "--info", "frame.exr").ok();
        assertTrue(info.out().matches("(?s).*\\b" + W + " x +" + H + ", 3 channel.*"), "the frame's size: " + info.out());
        Tools.assertSamePixels(dir, dir.resolve("frame.exr"), dir.resolve("ref.exr"), 0);
    }

    @Test
    void openPypeMayaFullFrameRegionRendersAreCroppedToTheirTiles() throws Exception {
        // 2 x 2 tiles; Tile Y is the bottom edge from the frame's bottom.
        StringBuilder cfg = new StringBuilder("ImageFileName=frame.exr\nImageWidth=96\nImageHeight=54\n"
                + "TilesCropped=False\nTileCount=4\n");
        int tile = 0;
        for (int tx = 0; tx < 2; tx++) {
            for (int ty = 0; ty < 2; ty++) {
                String name = "_tile_" + (tx + 1) + "x" + (ty + 1) + "_2x2_beauty.exr";
                int top = H - (ty + 1) * 27;
                fullFrameRender(name, tx * 48, top, 48, 27);
                cfg.append("Tile").append(tile).append("FileName=").append(name).append('\n')
                        .append("Tile").append(tile).append("X=").append(tx * 48).append('\n')
                        .append("Tile").append(tile).append("Y=").append(ty * 27).append('\n')
                        .append("Tile").append(tile).append("Width=48\n")
                        .append("Tile").append(tile).append("Height=27\n");
                tile++;
            }
        }
        assembleAndCompare(Files.writeString(dir.resolve("maya_config.txt"), cfg));
    }

    @Test
    void threeDsMaxUtf16ConfigWithFractionsAssemblesTheFrame() throws Exception {
        // C#'s Encoding.Unicode: UTF-16LE with a byte-order mark, CRLF lines, fractions.
        fullFrameRender("max_tile0.exr", 0, 0, 48, 54);
        fullFrameRender("max_tile1.exr", 48, 0, 48, 54);
        String cfg = "\r\nImageFileName=frame.exr\r\nTilesCropped=False\r\nTileCount=2\r\nDistanceAsPixels=False\r\n"
                + "ImageWidth=96\r\nImageHeight=54\r\n"
                + "Tile0FileName=max_tile0.exr\r\nTile0X=0\r\nTile0Y=0\r\nTile0Width=0.5\r\nTile0Height=1\r\n"
                + "Tile1FileName=max_tile1.exr\r\nTile1X=0.5\r\nTile1Y=0\r\nTile1Width=0.5\r\nTile1Height=1\r\n";
        byte[] text = cfg.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(text, 0, bytes, 2, text.length);
        assembleAndCompare(Files.write(dir.resolve("max_config.txt"), bytes));
    }

    @Test
    void houdiniArnoldThirdsAsPythonFloats() throws Exception {
        // Three columns of 32; Houdini's Arnold branch writes Y = 1.0 - yRegion - height.
        StringBuilder cfg = new StringBuilder("ImageFileName=frame.exr\nImageHeight=54\nImageWidth=96\n"
                + "TilesCropped=False\nTileCount=3\nDistanceAsPixels=False\n");
        for (int i = 0; i < 3; i++) {
            fullFrameRender("h" + i + ".exr", i * 32, 0, 32, 54);
            double x = i / 3.0;
            cfg.append("Tile").append(i).append("FileName=h").append(i).append(".exr\n")
                    .append("Tile").append(i).append("X=").append(x).append('\n')
                    .append("Tile").append(i).append("Y=").append(1.0 - 0.0 - 1.0).append('\n')
                    .append("Tile").append(i).append("Width=").append(1.0 / 3).append('\n')
                    .append("Tile").append(i).append("Height=").append(1.0).append('\n');
        }
        assembleAndCompare(Files.writeString(dir.resolve("houdini_config.txt"), cfg));
    }

    @Test
    void pythonPluginCroppedTilesWithDecimalPixelsAndNoFrameSize() throws Exception {
        // Cropped tiles, coordinates printed as Python floats, no ImageWidth/ImageHeight:
        // Draft then takes the frame's size from the first tile, so it is full size here.
        fullFrameRender("full.exr", 0, 0, W, H);
        croppedRender("c1.exr", 48, 0, 48, 27);
        String cfg = "TileCount=2\nTilesCropped=True\n"
                + "Tile0FileName=full.exr\nTile0X=0.0\nTile0Y=0.0\n"
                + "Tile1FileName=c1.exr\nTile1X=48.0\nTile1Y=27.0\n";
        assembleAndCompare(Files.writeString(dir.resolve("py_config.txt"), cfg));
    }

    @Test
    void fijiRegisteredPositionsAreResampledAsFijisFusionSamplesThem() throws Exception {
        // Three float tiles at fractional positions (as Fiji's registration writes them),
        // apart so that they do not overlap. The expected canvas follows Fiji's fusion code:
        // offset = the smallest position, size = round(max - offset), and each output pixel
        // samples its tile at (X + offset - t) with linear interpolation, zero outside.
        String script = String.join("\n",
                "import numpy as np, tifffile",
                "tiles = {'t0.tif': (10.25, 5.0), 't1.tif': (80.5, 7.75), 't2.tif': (12.0, 60.6)}",
                "rng = np.random.default_rng(7)",
                "imgs = {n: rng.random((40, 50)).astype(np.float32) for n in tiles}",
                "for n, a in imgs.items(): tifffile.imwrite(n, a)",
                "open('TileConfiguration.registered.txt', 'w').write('dim = 2\\n' + ''.join(",
                "    f'{n}; ; ({x}, {y})\\n' for n, (x, y) in tiles.items()))",
                "ox = min(x for x, y in tiles.values()); oy = min(y for x, y in tiles.values())",
                "W = int(np.floor(max(x + 50 for x, y in tiles.values()) - ox + 0.5))",
                "H = int(np.floor(max(y + 40 for x, y in tiles.values()) - oy + 0.5))",
                "out = np.zeros((H, W), np.float64)",
                "def sample(a, u, v):",
                "    if 0 <= u < a.shape[1] and 0 <= v < a.shape[0]: return float(a[v, u])",
                "    return 0.0",
                "for n, (tx, ty) in tiles.items():",
                "    a = imgs[n]",
                "    for Y in range(H):",
                "        for X in range(W):",
                "            u, v = X + ox - tx, Y + oy - ty",
                "            if u <= -1 or v <= -1 or u >= 50 or v >= 40: continue",
                "            ui, vi = int(np.floor(u)), int(np.floor(v)); fa, fb = u - ui, v - vi",
                "            out[Y, X] = ((1 - fa) * (1 - fb) * sample(a, ui, vi) + fa * (1 - fb) * sample(a, ui + 1, vi)",
                "                         + (1 - fa) * fb * sample(a, ui, vi + 1) + fa * fb * sample(a, ui + 1, vi + 1))",
                "tifffile.imwrite('fiji_expected.tif', out.astype(np.float32))");
        Tools.python(dir, script).ok();
        Tools.Result r = Tools.tilewright(dir, "stitch", "TileConfiguration.registered.txt", "--tile", "0", "-o", "fused.tif");
        assertEquals(0, r.exit(), r.err());
        Tools.assertSameAsGdalReads(dir, "fiji_expected.tif", "fused.tif", 1e-5);
    }

    @Test
    void aGlobThatMatchedNothingIsNamed() {
        Tools.Result r = Tools.tilewright(dir, "montage", "renders/*.exr", "-o", "m.tif");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("renders/*.exr: no such file"), r.err());
        assertTrue(r.err().contains("a shell pattern that matched nothing"), r.err());
        assertTrue(!Files.exists(dir.resolve("m.tif")));
    }

    @Test
    void everyMissingInputIsNamedUpToFive() {
        List<String> args = new java.util.ArrayList<>(List.of("montage"));
        for (int i = 0; i < 7; i++) {
            args.add("never" + i + ".png");
        }
        args.addAll(List.of("-o", "m.tif"));
        Tools.Result r = Tools.tilewright(dir, args.toArray(String[]::new));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("none of the 7 inputs could be read"), r.err());
        for (int i = 0; i < 5; i++) {
            assertTrue(r.err().contains("never" + i + ".png: no such file"), r.err());
        }
        assertTrue(r.err().contains("and 2 more"), r.err());
        assertTrue(!r.err().contains("canvas"), r.err());
    }
}
