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
        List<Placement> p = Manifests.read(m);
        assertEquals(new Placement(dir.resolve("a.png"), 10, -20, 2), p.get(0));
        assertEquals(new Placement(Path.of("/abs/b.png"), 0, 0, 1), p.get(1));
    }

    @Test
    void jsonArrayOrInputsObject() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "[{\"path\":\"x.tif\",\"x\":5,\"y\":6}]");
        assertEquals(new Placement(dir.resolve("x.tif"), 5, 6, 0), Manifests.read(a).get(0));
        Path b = Files.writeString(dir.resolve("b.json"), "{\"inputs\":[{\"path\":\"y.tif\",\"x\":1,\"y\":2,\"z\":3}]}");
        assertEquals(new Placement(dir.resolve("y.tif"), 1, 2, 3), Manifests.read(b).get(0));
    }

    @Test
    void fijiTileConfigurationRoundsFractions() throws Exception {
        Path m = Files.writeString(dir.resolve("TileConfiguration.txt"),
                "# comment\ndim = 2\n\ntile_1.tif; ; (0.0, 0.0)\ntile_2.tif; ; (917.6, -3.4)\n");
        List<Placement> p = Manifests.read(m);
        assertEquals(2, p.size());
        assertEquals(new Placement(dir.resolve("tile_2.tif"), 918, -3, 0), p.get(1));
        Path threeD = Files.writeString(dir.resolve("t3.txt"), "dim = 3\nt.tif; ; (0, 0, 0)\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(threeD))
                .getMessage().contains("only 2-D"));
    }

    @Test
    void deadlineYCountsFromTheBottom() throws Exception {
        Path m = Files.writeString(dir.resolve("draft.txt"),
                "TileCount=1\nImageHeight=1000\nTile0FileName=t.exr\nTile0X=100\nTile0Y=0\nTile0Height=250\n");
        assertEquals(new Placement(dir.resolve("t.exr"), 100, 750, 0), Manifests.read(m).get(0));
    }

    @Test
    void errorsNameTheManifestAndTheProblem() throws Exception {
        Path header = Files.writeString(dir.resolve("h.csv"), "file,left,top\na.png,1,2\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(header)).getMessage()
                .contains("h.csv: the CSV header must name path, x and y"));
        Path number = Files.writeString(dir.resolve("n.csv"), "path,x,y\na.png,one,2\n");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(number)).getMessage()
                .contains("n.csv: a coordinate is not a number"));
        Path json = Files.writeString(dir.resolve("j.json"), "[{\"path\":\"a.png\"}]");
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(json)).getMessage()
                .contains("every input needs path, x and y"));
        assertTrue(assertThrows(TilewrightException.class, () -> Manifests.read(dir.resolve("none.csv")))
                .getMessage().contains("none.csv: cannot read the manifest"));
    }
}
