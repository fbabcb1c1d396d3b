package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.BandedStitch;
import org.tilewright.BlendMode;
import org.tilewright.Layout;
import org.tilewright.Manifests;
import org.tilewright.Pyramid;
import org.tilewright.PyramidFilter;
import org.tilewright.StitchJob;
import org.tilewright.StitchOptions;
import org.tilewright.TilewrightException;

/**
 * The library's banded stitch without Spark: bands rendered in reverse order in one process
 * and joined, against StitchJob's output of the same layout and options — byte for byte, for
 * 16-bit tifffile tiles on a canvas whose sides are no multiple of the tile, TIFF with and
 * without a pyramid, with more or fewer levels in the parts, and an OME-Zarr store — and the
 * assembly's refusals.
 */
class BandedStitchIT {
    @TempDir
    Path dir;

    /** 12 x 9 overlapping 16-bit grey tiles of 170 x 180 by tifffile: a 1994 x 1577 canvas. */
    @BeforeEach
    void tiles() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "rng = np.random.default_rng(7)",
                "rows = ['path,x,y']",
                "for r in range(9):",
                "    for c in range(12):",
                "        a = rng.integers(0, 65535, size=(180 + (r == 8) * 37, 170 + (c == 11) * 9), dtype=np.uint16)",
                "        tifffile.imwrite(f't{r}_{c}.tif', a)",
                "        rows.append(f't{r}_{c}.tif,{c * 165},{r * 170}')",
                "open('layout.csv', 'w').write('\\n'.join(rows) + '\\n')")).ok();
    }

    @Test
    void bandsRenderedInAnyOrderJoinIntoTheStitchsFile() throws Exception {
        Layout layout = Manifests.read(dir.resolve("layout.csv")).layout();
        assertEquals(List.of(1994, 1577), List.of(layout.width(), layout.height()));
        StitchOptions base = StitchOptions.defaults().withTileSize(64).withCompression("zip:4")
                .withBlend(BlendMode.FEATHER, 12).withReplaceExisting(true);
        record Case(String name, StitchOptions options, int bands, int partLevels) {}
        List<Case> cases = List.of(
                new Case("flat", base, 5, 1),
                new Case("automatic", base.withPyramid(Pyramid.automatic()), 3, 4),
                new Case("more-bands", base.withPyramid(Pyramid.automatic()), 10, 2),
                new Case("nearest-3", base.withPyramid(Pyramid.levels(3).withFilter(PyramidFilter.NEAREST)), 2, 3));
        for (Case c : cases) {
            Path single = dir.resolve(c.name() + "-single.tif");
            StitchJob.plan(single, layout, c.options()).run();
            BandedStitch banded = BandedStitch.plan(dir.resolve(c.name() + ".tif"), layout, c.options(), c.bands());
            assertEquals(c.partLevels(), banded.partLevels(), c.name());
            List<Path> parts = new ArrayList<>();
            for (int band = 0; band < banded.bandCount(); band++) {
                parts.add(dir.resolve(c.name() + "-part" + band + banded.partSuffix()));
            }
            for (int band = banded.bandCount() - 1; band >= 0; band--) {
                banded.renderBand(band, parts.get(band));
            }
            banded.assemble(parts);
            assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(dir.resolve(c.name() + ".tif")), c.name());
        }
        // tifffile reads the joined file: every level, and the last band's bottom rows.
        String check = String.join("\n",
                "import tifffile",
                "with tifffile.TiffFile('automatic.tif') as t, tifffile.TiffFile('automatic-single.tif') as s:",
                "    assert all((a.asarray() == b.asarray()).all() for a, b in zip(t.series[0].levels, s.series[0].levels))",
                "    print([l.shape for l in t.series[0].levels])");
        assertEquals("[(1577, 1994), (789, 997), (395, 499), (198, 250), (99, 125), (50, 63)]",
                Tools.python(dir, check).ok().out().strip());
    }

    @Test
    void omeZarrBandsJoinIntoTheStitchsStore() throws Exception {
        Layout layout = Manifests.read(dir.resolve("layout.csv")).layout();
        StitchOptions options = StitchOptions.defaults().withCompression("zstd").withPyramid(Pyramid.automatic())
                .withBlend(BlendMode.MAX, 0).withReplaceExisting(true);
        Path single = dir.resolve("single.ome.zarr");
        StitchJob.plan(single, layout, options).run();
        BandedStitch banded = BandedStitch.plan(dir.resolve("banded.ome.zarr"), layout, options, 3);
        assertEquals(List.of(2, 2, 1024), List.of(banded.bandCount(), banded.partLevels(), banded.bandRows()));
        List<Path> parts = new ArrayList<>();
        for (int band = 0; band < banded.bandCount(); band++) {
            parts.add(dir.resolve("zpart" + band + banded.partSuffix()));
        }
        for (int band = banded.bandCount() - 1; band >= 0; band--) {
            banded.renderBand(band, parts.get(band));
        }
        banded.assemble(parts);
        Path joined = dir.resolve("banded.ome.zarr");
        List<String> files;
        try (var walk = Files.walk(single)) {
            files = walk.filter(Files::isRegularFile).map(p -> single.relativize(p).toString()).sorted().toList();
        }
        try (var walk = Files.walk(joined)) {
            assertEquals(files, walk.filter(Files::isRegularFile).map(p -> joined.relativize(p).toString()).sorted()
                    .toList());
        }
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(joined.resolve(f)), f);
        }
        assertTrue(files.contains("3/0/0/0") && files.contains(".zattrs"), files.toString());  // levels 2 and 3 by the assembly
    }

    @Test
    void partsThatDoNotMakeTheImageAreRefusedLeavingNoOutput() throws Exception {
        Layout layout = Manifests.read(dir.resolve("layout.csv")).layout();
        StitchOptions options = StitchOptions.defaults().withTileSize(64).withPyramid(Pyramid.automatic());
        BandedStitch banded = BandedStitch.plan(dir.resolve("out.tif"), layout, options, 4);
        List<Path> parts = new ArrayList<>();
        for (int band = 0; band < banded.bandCount(); band++) {
            parts.add(dir.resolve("part" + band + ".tif"));
            banded.renderBand(band, parts.get(band));
        }
        TilewrightException fewer = assertThrows(TilewrightException.class,
                () -> banded.assemble(parts.subList(1, parts.size())));
        assertTrue(fewer.getMessage().contains(banded.bandCount() - 1 + " part files for " + banded.bandCount()),
                fewer.getMessage());
        List<Path> wrong = new ArrayList<>(parts);
        wrong.set(0, parts.get(parts.size() - 1));  // the short last band in the first band's place
        TilewrightException fewerRows = assertThrows(TilewrightException.class, () -> banded.assemble(wrong));
        assertTrue(fewerRows.getMessage().matches(".*the parts hold \\d+ rows of level \\d, which has \\d+"),
                fewerRows.getMessage());
        wrong.set(0, parts.get(0));
        wrong.set(parts.size() - 1, parts.get(0));  // a full band in the short last band's place
        TilewrightException moreRows = assertThrows(TilewrightException.class, () -> banded.assemble(wrong));
        assertTrue(moreRows.getMessage().contains("the parts hold more than the"), moreRows.getMessage());
        Files.delete(parts.get(2));
        TilewrightException missing = assertThrows(TilewrightException.class, () -> banded.assemble(parts));
        assertEquals(TilewrightException.Kind.BAD_INPUT, missing.kind());
        assertTrue(missing.getMessage().contains("part2.tif: the band's part is missing"), missing.getMessage());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("out.tif")), "no output, no leftovers");
        }
        TilewrightException exr = assertThrows(TilewrightException.class,
                () -> BandedStitch.plan(dir.resolve("out.exr"), layout, options, 4));
        assertEquals(TilewrightException.Kind.BAD_OUTPUT, exr.kind());
        Files.writeString(dir.resolve("taken.tif"), "someone's");
        BandedStitch taken = BandedStitch.plan(dir.resolve("taken.tif"), layout, options.withReplaceExisting(false), 4);
        TilewrightException exists = assertThrows(TilewrightException.class, taken::check);
        assertTrue(exists.getMessage().contains("taken.tif: exists; use --overwrite"), exists.getMessage());
        TilewrightException lzw = assertThrows(TilewrightException.class, () -> BandedStitch.plan(dir.resolve("lzw.tif"),
                layout, options.withCompression("lzw"), 4).check());
        assertTrue(lzw.getMessage().contains("whose tiles it can copy"), lzw.getMessage());
    }
}
