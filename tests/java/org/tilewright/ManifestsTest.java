package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest parsing, without native code. */
class ManifestsTest {
    @TempDir
    Path dir;

    @Test
    void csvWithZAndRelativePaths() throws Exception {
        Path m = Files.writeString(dir.resolve("m.csv"), "path, x, y, z\na.png,10,-20,2\n/abs/b.png,0,0,1\n");
        List<Placement> p = Manifests.read(m).placements();
        assertEquals(new Placement(dir.resolve("a.png"), 10, -20, 2), p.get(0));
        assertEquals(new Placement(Path.of("/abs/b.png"), 0, 0, 1), p.get(1));
    }

    @Test
    void jsonArrayOrInputsObject() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "[{\"path\":\"x.tif\",\"x\":5,\"y\":6}]");
        assertEquals(new Placement(dir.resolve("x.tif"), 5, 6, 0), Manifests.read(a).placements().get(0));
        Path b = Files.writeString(dir.resolve("b.json"), "{\"inputs\":[{\"path\":\"y.tif\",\"x\":1,\"y\":2,\"z\":3}]}");
        assertEquals(new Placement(dir.resolve("y.tif"), 1, 2, 3), Manifests.read(b).placements().get(0));
    }

    @Test
    void fijiTileConfigurationKeepsFractionsAsSubPixelShiftsFromTheSmallestPosition() throws Exception {
        Path m = Files.writeString(dir.resolve("TileConfiguration.txt"),
                "# comment\ndim = 2\n\ntile_1.tif; ; (0.0, 0.0)\ntile_2.tif; ; (917.6, -3.4)\n");
        List<Placement> p = Manifests.read(m).placements();
        assertEquals(2, p.size());
        // The canvas starts at the smallest x and y: tile_1 sits 3.4 rows down.
        assertEquals(new Placement(dir.resolve("tile_1.tif"), 0, 3).withShift(0, 0.4), round(p.get(0)));
        assertEquals(new Placement(dir.resolve("tile_2.tif"), 917, 0).withShift(0.6, 0), round(p.get(1)));
    }

    /** The placement with its shifts rounded to 1e-9 (they come from subtractions). */
    static Placement round(Placement p) {
        return p.withShift(Math.round(p.shiftX() * 1e9) / 1e9, Math.round(p.shiftY() * 1e9) / 1e9);
    }

    @Test
    void fijiMultiseriesLinesAndFlatThreeDimensionalConfigsAreRead() throws Exception {
        // What Fiji's Grid/Collection stitching writes for a multi-series file set, and for
        // 2-D tiles registered in 3-D (z all equal).
        Path m = Files.writeString(dir.resolve("TileConfiguration.registered.txt"),
                "# Define the number of dimensions we are working on\r\ndim = 3\r\nmultiseries = false\r\n"
                        + "\r\n# Define the image coordinates\r\n"
                        + "a.tif; ; (0.0, 0.0, 0.0)\r\nb.tif; ; (460.5, 12.25, 0.0)\r\n");
        List<Placement> p = Manifests.read(m).placements();
        assertEquals(List.of(new Placement(dir.resolve("a.tif"), 0, 0),
                new Placement(dir.resolve("b.tif"), 460, 12).withShift(0.5, 0.25)), p);

        Path volume = Files.writeString(dir.resolve("t3.txt"), "dim = 3\nt.tif; ; (0, 0, 0)\nu.tif; ; (0, 0, 10.5)\n");
        TilewrightException e = assertThrows(TilewrightException.class, () -> Manifests.read(volume));
        assertTrue(e.getMessage().contains("t3.txt: line 3: a 3-D configuration whose tiles lie at different z"),
                e.getMessage());
        assertEquals(TilewrightException.Kind.BAD_INPUT, e.kind());
        Path mixed = Files.writeString(dir.resolve("t4.txt"), "dim = 2\nt.tif; ; (0, 0, 0)\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(mixed)).getMessage()
                .contains("t4.txt: line 2: cannot read 't.tif; ; (0, 0, 0)' as a 2-D tile"));
    }

    @Test
    void deadlineYCountsFromTheBottomOfTheFrame() throws Exception {
        Path m = Files.writeString(dir.resolve("draft.txt"),
                "TileCount=1\nImageWidth=1500\nImageHeight=1000\nTile0FileName=t.exr\nTile0X=100\nTile0Y=0\n"
                        + "Tile0Width=300\nTile0Height=250\n");
        Manifest manifest = Manifests.read(m);
        assertEquals(new Placement(dir.resolve("t.exr"), 100, 750, 0), manifest.placements().get(0));
        assertEquals(1500, manifest.canvasWidth(), "ImageWidth is the canvas");
        assertEquals(1000, manifest.canvasHeight());
    }

    @Test
    void deadlineConfigFromOpenPypeMayaCropsFullFrameRenders() throws Exception {
        // OpenPype/AYON's Maya submitter: full-frame region renders (TilesCropped=False),
        // integer pixels, Y of each tile's bottom edge from the frame's bottom, 2x2 tiles.
        String config = "ImageFileName=/renders/beauty.1001.exr\nImageWidth=960\nImageHeight=540\n"
                + "TilesCropped=False\nTileCount=4\n"
                + "Tile0FileName=_tile_1x1_2x2_beauty.1001.exr\nTile0X=0\nTile0Y=0\nTile0Width=480\nTile0Height=270\n"
                + "Tile1FileName=_tile_1x2_2x2_beauty.1001.exr\nTile1X=0\nTile1Y=270\nTile1Width=480\nTile1Height=270\n"
                + "Tile2FileName=_tile_2x1_2x2_beauty.1001.exr\nTile2X=480\nTile2Y=0\nTile2Width=480\nTile2Height=270\n"
                + "Tile3FileName=_tile_2x2_2x2_beauty.1001.exr\nTile3X=480\nTile3Y=270\nTile3Width=480\nTile3Height=270\n";
        Manifest manifest = Manifests.read(Files.writeString(dir.resolve("maya_config.txt"), config));
        assertEquals(960, manifest.canvasWidth());
        assertEquals(540, manifest.canvasHeight());
        // Tile 0 is the bottom-left quarter: rows 270..540 from the top.
        assertEquals(new Placement(dir.resolve("_tile_1x1_2x2_beauty.1001.exr"), 0, 270)
                .withCrop(new Region(0, 270, 480, 270)), manifest.placements().get(0));
        assertEquals(new Placement(dir.resolve("_tile_2x2_2x2_beauty.1001.exr"), 480, 0)
                .withCrop(new Region(480, 0, 480, 270)), manifest.placements().get(3));
    }

    @Test
    void deadlineConfigFrom3dsMaxIsUtf16WithFractionsAndCrlf() throws Exception {
        // The 3ds Max submitter is C#: StreamWriter with Encoding.Unicode (UTF-16LE and a
        // byte-order mark), CRLF lines, DistanceAsPixels=False with fractions of the frame.
        String config = "\r\nImageFileName=C:\\renders\\frame.exr\r\nTilesCropped=False\r\nTileCount=2\r\n"
                + "DistanceAsPixels=False\r\nImageWidth=640\r\nImageHeight=360\r\n"
                + "Tile0FileName=frame_tile0_.exr\r\nTile0X=0\r\nTile0Y=0\r\nTile0Width=0.5\r\nTile0Height=1\r\n"
                + "Tile1FileName=frame_tile1_.exr\r\nTile1X=0.5\r\nTile1Y=0\r\nTile1Width=0.5\r\nTile1Height=1\r\n";
        byte[] text = config.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[text.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(text, 0, withBom, 2, text.length);
        Manifest manifest = Manifests.read(Files.write(dir.resolve("max_config.txt"), withBom));
        assertEquals(List.of(new Placement(dir.resolve("frame_tile0_.exr"), 0, 0).withCrop(new Region(0, 0, 320, 360)),
                new Placement(dir.resolve("frame_tile1_.exr"), 320, 0).withCrop(new Region(320, 0, 320, 360))),
                manifest.placements());
    }

    @Test
    void deadlineConfigFromHoudiniAndPythonPluginsWithDecimals() throws Exception {
        // Houdini's submitter writes Python floats: thirds of the frame as fractions.
        String houdini = "ImageHeight=300\nImageWidth=900\nTilesCropped=False\nTileCount=3\nDistanceAsPixels=False\n"
                + "Tile0FileName=h_tile0_.exr\nTile0X=0.0\nTile0Y=0.0\nTile0Width=0.3333333333333333\nTile0Height=1.0\n"
                + "Tile1FileName=h_tile1_.exr\nTile1X=0.3333333333333333\nTile1Y=0.0\nTile1Width=0.3333333333333333\nTile1Height=1.0\n"
                + "Tile2FileName=h_tile2_.exr\nTile2X=0.6666666666666666\nTile2Y=0.0\nTile2Width=0.3333333333333333\nTile2Height=1.0\n";
        List<Placement> h = Manifests.read(Files.writeString(dir.resolve("houdini.txt"), houdini)).placements();
        assertEquals(new Placement(dir.resolve("h_tile1_.exr"), 300, 0).withCrop(new Region(300, 0, 300, 300)), h.get(1));
        assertEquals(new Placement(dir.resolve("h_tile2_.exr"), 600, 0).withCrop(new Region(600, 0, 300, 300)), h.get(2));
        // A Python 3 plugin printing pixel floats: Draft truncates with int(float(v)).
        String python = "ImageWidth=960\nImageHeight=540\nTilesCropped=True\nTileCount=1\n"
                + "Tile0FileName=p.exr\nTile0X=480.0\nTile0Y=270.9\nTile0Width=480.0\nTile0Height=270.0\n";
        assertEquals(new Placement(dir.resolve("p.exr"), 480, 0),
                Manifests.read(Files.writeString(dir.resolve("py.txt"), python)).placements().get(0));
    }

    @Test
    void deadlineConfigsThatCannotBePlacedAreRefused() throws Exception {
        Path noSize = Files.writeString(dir.resolve("ns.txt"), "ImageWidth=10\nImageHeight=10\nTilesCropped=False\n"
                + "TileCount=1\nTile0FileName=a.exr\nTile0X=0\nTile0Y=0\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(noSize)).getMessage()
                .contains("ns.txt: tile 0: TilesCropped=False needs Tile0Width and Tile0Height"));
        Path badFlag = Files.writeString(dir.resolve("bf.txt"), "ImageWidth=10\nImageHeight=10\nTilesCropped=maybe\n"
                + "TileCount=1\nTile0FileName=a.exr\nTile0X=0\nTile0Y=0\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(badFlag)).getMessage()
                .contains("TilesCropped must be True or False, got 'maybe'"));
        Path badNumber = Files.writeString(dir.resolve("bn.txt"), "ImageWidth=10\nImageHeight=10\n"
                + "TileCount=1\nTile0FileName=a.exr\nTile0X=zero\nTile0Y=0\nTile0Width=5\nTile0Height=5\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(badNumber)).getMessage()
                .contains("bn.txt: Tile0X is not a number: 'zero'"));
    }

    @Test
    void csvIsReadAsRfc4180WithQuotesBomAndLineNumbers() throws Exception {
        Path m = Files.writeString(dir.resolve("q.csv"), "\uFEFFpath,x,y\r\n\"scan, left.tif\",1,2\r\n"
                + "# a comment\r\n\"say \"\"hi\"\".tif\",3,4\r\n");
        List<Placement> p = Manifests.read(m).placements();
        assertEquals(List.of(new Placement(dir.resolve("scan, left.tif"), 1, 2),
                new Placement(dir.resolve("say \"hi\".tif"), 3, 4)), p);
        Path bad = Files.writeString(dir.resolve("b.csv"), "path,x,y\na.tif,1,2\n\nb.tif,1.5,2\n");
        TilewrightException e = assertThrows(TilewrightException.class, () -> Manifests.read(bad));
        assertTrue(e.getMessage().contains("b.csv: line 4: x is not a whole number of pixels: '1.5'"), e.getMessage());
        Path open = Files.writeString(dir.resolve("o.csv"), "path,x,y\n\"a.tif,1,2\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(open)).getMessage()
                .contains("o.csv: line 2: a quoted field is not closed"));
    }

    @Test
    void jsonCoordinatesMustBeIntegersInRange() throws Exception {
        for (String value : List.of("4294967296", "\"abc\"", "null", "1.5", "true")) {
            Path m = Files.writeString(dir.resolve("v.json"), "[{\"path\":\"a.tif\",\"x\":" + value + ",\"y\":0}]");
            TilewrightException e = assertThrows(TilewrightException.class, () -> Manifests.read(m), value);
            assertTrue(e.getMessage().contains("v.json: input 0: x must be a whole number"), e.getMessage());
        }
        Path noPath = Files.writeString(dir.resolve("np.json"), "[{\"path\":7,\"x\":0,\"y\":0}]");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(noPath)).getMessage()
                .contains("input 0 needs a path (text), x and y"));
    }

    /** JSON is read by the library itself now (no Jackson): the grammar's corners. */
    @Test
    void jsonManifestsAreReadStrictly() throws Exception {
        Path escaped = Files.writeString(dir.resolve("e.json"),
                "{ \"inputs\" : [ {\"path\": \"t\\u00e9\\/\\\"q\\\".png\", \"x\": -0, \"y\": 2E1, \"z\": 3} ] }\r\n");
        List<Placement> read = Manifests.read(escaped).placements();
        assertEquals(dir.resolve("t\u00e9/\"q\".png"), read.get(0).path());
        assertEquals(0, read.get(0).x());
        assertEquals(20, read.get(0).y());
        for (String broken : List.of("[{\"path\":\"a.png\",\"x\":1,\"y\":2}", "[{\"path\":\"a.png\",\n\"x\":01,\"y\":2}]",
                "[{'path':'a.png'}]", "[1,]", "[] []", "[\"a\tb\"]")) {
            Path m = Files.writeString(dir.resolve("b.json"), broken);
            TilewrightException e = assertThrows(TilewrightException.class, () -> Manifests.read(m), broken);
            assertTrue(e.getMessage().contains("b.json: not valid JSON: "), e.getMessage());
            assertTrue(e.getMessage().matches(".* at line [12]"), e.getMessage());
        }
        // Nesting a hostile file could use to exhaust the stack is refused by depth.
        Path deep = Files.writeString(dir.resolve("d.json"), "[".repeat(100_000) + "]".repeat(100_000));
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(deep)).getMessage()
                .contains("nested deeper than 512 levels"));
    }

    @Test
    void errorsNameTheManifestAndTheProblem() throws Exception {
        Path header = Files.writeString(dir.resolve("h.csv"), "file,left,top\na.png,1,2\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(header)).getMessage()
                .contains("h.csv: line 1: the CSV header must name path, x and y"));
        Path number = Files.writeString(dir.resolve("n.csv"), "path,x,y\na.png,one,2\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(number)).getMessage()
                .contains("n.csv: line 2: x is not a whole number of pixels: 'one'"));
        Path json = Files.writeString(dir.resolve("j.json"), "[{\"path\":\"a.png\"}]");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(json)).getMessage()
                .contains("input 0 needs a path (text), x and y"));
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(dir.resolve("none.csv")))
                .getMessage().contains("none.csv: cannot read the manifest"));
        Path latin1 = Files.write(dir.resolve("l.csv"), new byte[] {'p', 'a', 't', 'h', ',', 'x', ',', 'y', '\n',
            (byte) 0xE9, ',', '1', ',', '2', '\n'});
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(latin1)).getMessage()
                .contains("l.csv: is not text in UTF-8"));
    }
}
