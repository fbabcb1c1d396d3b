package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tilewright's own EXR encoder (tiles deflated with libdeflate, written through OpenEXR's
 * Core library) against OIIO's writer, which an attribute only OIIO writes selects: the
 * same pixels, decoded by OpenEXR's C++ library (exrmaketiled) and by OIIO, in a header
 * exrheader reads; edge tiles of images that are not multiples of the tile size; half and
 * float; zip, zips and no compression; the same bytes on every run.
 */
class ExrEncoderIT {
    @TempDir
    Path dir;

    private String header(String file) {
        return Tools.run(dir, "exrheader", file).ok().out();
    }

    @Test
    void aMontageDecodesInOpenExrsOwnLibraryAsOiiosWriterWroteIt() throws IOException {
        // Inputs by oiiotool: noise and a gradient, 150 x 100 (tiles of 64 do not divide it).
        Tools.run(dir, "oiiotool", "--pattern", "noise:min=0:max=1", "150x100", "3", "-d", "uint8", "-o", "a.png").ok();
        Tools.run(dir, "oiiotool", "--pattern", "fill:topleft=0,0,0:topright=1,0,0:bottomleft=0,1,0:bottomright=0,0,1",
                "150x100", "3", "-d", "uint8", "-o", "b.png").ok();
        Tools.tilewright(dir, "montage", "a.png", "b.png", "-o", "ours.exr").ok();
        Tools.tilewright(dir, "montage", "a.png", "b.png", "--attribute", "owner=oiio", "-o", "oiio.exr").ok();

        String ours = header("ours.exr");
        assertTrue(ours.contains("compression (type compression): zip"), ours);
        assertTrue(ours.contains("tile size 64 by 64 pixels"), ours);
        assertTrue(ours.contains("dataWindow (type box2i): (0 0) - (299 99)"), ours);
        assertTrue(ours.contains("    B, 16-bit floating-point") && ours.contains("    R, 16-bit floating-point"), ours);
        assertFalse(ours.contains("owner"), ours);
        assertTrue(header("oiio.exr").contains("owner (type string): \"oiio\""), "written by OIIO's writer");

        // OpenEXR's C++ library decodes our tiles (and re-encodes them), OIIO reads both.
        Tools.run(dir, "exrmaketiled", "ours.exr", "decoded-by-openexr.exr").ok();
        Tools.assertSamePixels(dir, dir.resolve("decoded-by-openexr.exr"), dir.resolve("oiio.exr"), 0);
        Tools.assertSamePixels(dir, dir.resolve("ours.exr"), dir.resolve("oiio.exr"), 0);

        Tools.tilewright(dir, "montage", "a.png", "b.png", "-o", "again.exr").ok();
        assertEquals(-1L, Files.mismatch(dir.resolve("ours.exr"), dir.resolve("again.exr")), "the same bytes on every run");
    }

    @Test
    void floatHalfAndEachCompressionMatchOiiosWriter() {
        for (String type : new String[] {"half", "float"}) {
            for (String compression : new String[] {"zip", "zips", "none", "zip:9"}) {
                String name = type + "-" + compression.replace(':', '_');
                Tools.tilewright(dir, "generate", "mandelbrot", "--size", "130x70", "--type", type, "--compression",
                        compression, "-o", name + ".exr").ok();
                Tools.tilewright(dir, "generate", "mandelbrot", "--size", "130x70", "--type", type, "--compression",
                        compression, "--attribute", "owner=oiio", "-o", name + "-oiio.exr").ok();
                String h = header(name + ".exr");
                assertFalse(h.contains("owner"), h);
                assertTrue(h.contains(type.equals("half") ? "16-bit floating-point" : "32-bit floating-point"), h);
                String expected = compression.startsWith("zips") ? "zip, individual scanlines"
                        : compression.startsWith("zip") ? "zip, multi-scanline blocks" : "none";
                assertTrue(h.contains("compression (type compression): " + expected), name + ":\n" + h);
                Tools.run(dir, "exrmaketiled", name + ".exr", name + "-decoded.exr").ok();
                Tools.assertSamePixels(dir, dir.resolve(name + "-decoded.exr"), dir.resolve(name + "-oiio.exr"), 0);
            }
        }
    }
}
