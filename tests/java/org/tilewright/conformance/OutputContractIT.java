package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command promises about the files it writes, checked with other tools: the same
 * command on the same inputs writes the same bytes, and nothing but the image is stored.
 */
class OutputContractIT {
    @TempDir
    Path dir;

    /**
     * A 1 x 100000 column from tifffile (its resolution tags send the output through OIIO's
     * TIFF writer) and a procedural one: every tile but the first is cut by the edge. The
     * padding used to collect garbage (the files differed run to run and were 52 MB); now two
     * runs give equal bytes, the file is about its pixels' size, tifffile reads the pixels
     * back, and every byte of padding is zero.
     */
    @Test
    void theSameCommandWritesTheSameBytesWithZeroPadding() throws Exception {
        Tools.python(dir, "import numpy as np, tifffile\n"
                + "a = (np.random.RandomState(1).rand(100000, 1, 3) * 255).astype(np.uint8)\n"
                + "tifffile.imwrite('column.tif', a, resolution=(300, 300))").ok();
        for (String out : new String[] {"a.tif", "b.tif"}) {
            Tools.tilewright(dir, "montage", "column.tif", "-o", out, "-q").ok();
            Tools.tilewright(dir, "generate", "noise", "--size", "1x100000", "-o", "gen-" + out, "-q").ok();
            Tools.tilewright(dir, "montage", "column.tif", "-o", out + ".exr", "-q").ok();
        }
        for (String name : new String[] {"a.tif", "gen-a.tif", "a.tif.exr"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)),
                    Files.readAllBytes(dir.resolve(name.replace("a.tif", "b.tif"))), name + " differs between runs");
        }
        assertTrue(Files.size(dir.resolve("a.tif")) < 1_500_000, "a.tif is " + Files.size(dir.resolve("a.tif")) + " bytes");
        Tools.python(dir, "import numpy as np, tifffile, zlib\n"
                + "assert (tifffile.imread('a.tif') == tifffile.imread('column.tif')).all()\n"
                + "with tifffile.TiffFile('a.tif') as t:\n"
                + "    page = t.pages[0]\n"
                + "    assert page.tilewidth == 256 and page.predictor == 2, (page.tilewidth, page.predictor)\n"
                + "    for offset, count in zip(page.dataoffsets, page.databytecounts):\n"
                + "        t.filehandle.seek(offset)\n"
                + "        raw = np.frombuffer(zlib.decompress(t.filehandle.read(count)), np.uint8).reshape(256, 256, 3)\n"
                + "        tile = np.cumsum(raw.astype(np.int64), axis=1) % 256\n"
                + "        assert not tile[:, 1:].any(), 'garbage in the padding'").ok();
        // The date is the inputs' or SOURCE_DATE_EPOCH's, never the clock's.
        String info = Tools.run(dir, "tiffinfo", "a.tif").ok().out();
        assertTrue(info.contains("DateTime: \n") || !info.contains("DateTime"), info);
        ProcessBuilder dated = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString(),
                "montage", "column.tif", "-o", "dated.tif", "-q").directory(dir.toFile());
        dated.environment().put("SOURCE_DATE_EPOCH", "1700000000");
        assertEquals(0, org.tilewright.Processes.run(dated, "").exit());
        assertTrue(Tools.run(dir, "tiffinfo", "dated.tif").ok().out().contains("DateTime: 2023:11:14 22:13:20"));
    }
}
