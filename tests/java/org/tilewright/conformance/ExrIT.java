package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenEXR files as renderers and OpenEXR's own tools make them (oiiotool, exrmultipart,
 * exrmultiview, exrmaketiled), through the CLI, checked with exrheader and oiiotool.
 */
class ExrIT {
    @TempDir
    Path dir;

    /// Half RGBA, a float Z and half normals, with render-bucket metadata.
    static final String[] AOV_FRAME = {"oiiotool",
        "--pattern", "fill:top=0.1,0.2,0.3,1:bottom=0.9,0.8,0.7,0.5", "64x48", "4",
        "--pattern", "fill:top=5:bottom=50", "64x48", "1", "--chnames", "Z", "--chappend",
        "--pattern", "noise:min=-1:max=1", "64x48", "3", "--chnames", "N.x,N.y,N.z", "--chappend",
        "--chnames", "R,G,B,A,Z,N.x,N.y,N.z",
        "--attrib:type=float[8]", "chromaticities", "0.64,0.33,0.3,0.6,0.15,0.06,0.3127,0.329",
        "--attrib", "owner", "Jane Artist", "--attrib", "comments", "bucket test",
        "--attrib:type=rational", "FramesPerSecond", "24/1",
        "--attrib:type=matrix", "worldToCamera", "1,0,0,0,0,1,0,0,0,0,1,0,10,20,30,1",
        "-d", "half", "-d", "Z=float", "-o", "frame.exr"};

    @BeforeEach
    void renderTheFrameAndItsBuckets() {
        Tools.run(dir, AOV_FRAME).ok();
        // Two buckets keep the frame as display window and their part as data window.
        Tools.run(dir, "oiiotool", "frame.exr", "--crop", "32x48+0+0", "-d", "half", "-d", "Z=float", "-o", "b0.exr").ok();
        Tools.run(dir, "oiiotool", "frame.exr", "--crop", "32x48+32+0", "-d", "half", "-d", "Z=float", "-o", "b1.exr").ok();
    }

    String header(String file) {
        return Tools.run(dir, "exrheader", file).ok().out();
    }

    @Test
    void bucketsWithAovsAssembleWithEveryChannelNameTypeAndTheirMetadata() {
        Tools.tilewright(dir, "assemble", "b0.exr", "b1.exr", "-o", "out.exr").ok();
        String h = header("out.exr");
        for (String c : List.of("A", "B", "G", "R", "N.x", "N.y", "N.z")) {
            assertTrue(h.contains("    " + c + ", 16-bit floating-point"), c + " stays half:\n" + h);
        }
        assertTrue(h.contains("    Z, 32-bit floating-point"), "Z stays float:\n" + h);
        assertTrue(!h.contains("channel4"), h);
        Tools.assertSamePixels(dir, dir.resolve("out.exr"), dir.resolve("frame.exr"), 0);
        assertTrue(h.contains("owner (type string): \"Jane Artist\""), h);
        assertTrue(h.contains("comments (type string): \"bucket test\""), h);
        assertTrue(h.contains("FramesPerSecond (type rational): 24/1"), h);
        assertTrue(h.contains("chromaticities (type chromaticities):"), h);
        assertTrue(h.contains("worldToCamera (type m44f)"), h);
        // The channels read back in the frame's order, as oiiotool lists them.
        assertTrue(Tools.run(dir, "oiiotool", "--info", "-v", "out.exr").ok().out()
                .contains("channel list: R (half), G (half), B (half), A (half), Z (float), N.x (half), N.y (half),"
                        + " N.z (half)"));
    }

    /**
     * Names cross JNI as UTF-16 (JavaCPP's byte-array path crashes when the heap runs out):
     * file names and channel names outside the Basic Multilingual Plane — surrogate pairs in
     * Java — must reach OpenEXR byte for byte, and come back, both ways.
     */
    @Test
    void namesBeyondTheBasicPlaneCrossIntact() {
        Tools.run(dir, "oiiotool", "--pattern", "fill:top=0.1,0.2:bottom=0.9,0.8", "16x8", "2",
                "--chnames", "\uD83C\uDF0D.Y,日本.Z", "-d", "half", "-o", "\uD83C\uDF0D-日本.exr").ok();
        Tools.tilewright(dir, "montage", "\uD83C\uDF0D-日本.exr", "-o", "\uD83D\uDE00-Ω.exr").ok();
        assertTrue(Files.exists(dir.resolve("\uD83D\uDE00-Ω.exr")));
        assertTrue(header("\uD83D\uDE00-Ω.exr").contains("    \uD83C\uDF0D.Y, 16-bit floating-point"),
                header("\uD83D\uDE00-Ω.exr"));
        Tools.assertSamePixels(dir, dir.resolve("\uD83D\uDE00-Ω.exr"), dir.resolve("\uD83C\uDF0D-日本.exr"), 0);
        Tools.Result info = Tools.tilewright(dir, "info", "--json", "\uD83D\uDE00-Ω.exr").ok();
        // OpenEXR keeps channels sorted by their UTF-8 bytes.
        assertTrue(info.out().contains("\"channel_names\" : [ \"日本.Z\", \"\uD83C\uDF0D.Y\" ]"), info.out());
    }

    @Test
    void infoShowsEachChannelsType() {
        Tools.Result info = Tools.tilewright(dir, "info", "frame.exr").ok();
        assertTrue(info.out().contains("8 channel(s) R,G,B,A half, Z float, N.x,N.y,N.z half"), info.out());
    }

    @Test
    void stereoChannelsKeepTheirViewNames() {
        Tools.run(dir, "oiiotool", "--pattern", "fill:left=0.2,0.3,0.4:right=0.8,0.7,0.6", "64x48", "3", "-d", "half",
                "-o", "L.exr").ok();
        Tools.run(dir, "oiiotool", "--pattern", "fill:top=0.1,0.9,0.5:bottom=0.5,0.1,0.9", "64x48", "3", "-d", "half",
                "-o", "R.exr").ok();
        Tools.run(dir, "exrmultiview", "left", "L.exr", "right", "R.exr", "LR.exr").ok();
        Tools.tilewright(dir, "montage", "LR.exr", "LR.exr", "--grid", "2x1", "-o", "pair.exr").ok();
        String h = header("pair.exr");
        for (String c : List.of("R", "G", "B", "right.R", "right.G", "right.B")) {
            assertTrue(h.contains("    " + c + ", 16-bit floating-point"), c + ":\n" + h);
        }
        assertTrue(h.contains("multiView"), "the views stay named:\n" + h);
        Tools.run(dir, "oiiotool", "pair.exr", "--cut", "64x48+64+0", "--origin", "+0+0", "--fullpixels", "-o", "right.exr").ok();
        Tools.assertSamePixels(dir, dir.resolve("right.exr"), dir.resolve("LR.exr"), 0);
    }

    @Test
    void deepInputsAreRefusedNamingTheFile() {
        Tools.run(dir, "oiiotool", "--pattern", "constant:color=0.5,0.5,0.5,1,5", "8x8", "5", "--chnames", "R,G,B,A,Z",
                "-d", "float", "--deepen", "-o", "deep.exr").ok();
        Tools.Result info = Tools.tilewright(dir, "info", "deep.exr").ok();
        assertTrue(info.out().contains("(deep: a varying number of samples per pixel)"), info.out());
        Tools.Result r = Tools.tilewright(dir, "montage", "deep.exr", "b0.exr", "-o", "m.exr");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("deep.exr: is a deep image"), r.err());
        assertTrue(!Files.exists(dir.resolve("m.exr")));
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("tilewright: error")).count(), r.err());
    }

    @Test
    void multiPartBucketsAssembleIntoAFrameWithTheSameParts() {
        // The frame's layers as parts (beauty RGBA half, depth Z float), and each bucket as
        // exrmultipart makes it from the layers cropped to its data window.
        Tools.run(dir, "oiiotool", "frame.exr", "--ch", "R,G,B,A", "-d", "half", "-o", "beauty.exr").ok();
        Tools.run(dir, "oiiotool", "frame.exr", "--ch", "Z", "-d", "float", "-o", "depth.exr").ok();
        for (String bucket : List.of("0", "32")) {
            String window = "32x48+" + bucket + "+0";
            Tools.run(dir, "oiiotool", "beauty.exr", "--crop", window, "-d", "half", "-o", "beauty_" + bucket + ".exr").ok();
            Tools.run(dir, "oiiotool", "depth.exr", "--crop", window, "-d", "float", "-o", "depth_" + bucket + ".exr").ok();
            Tools.run(dir, "exrmultipart", "-combine", "-i", "beauty_" + bucket + ".exr::beauty",
                    "depth_" + bucket + ".exr::depth", "-o", "bucket_" + bucket + ".exr").ok();
        }
        Tools.Result info = Tools.tilewright(dir, "info", "bucket_0.exr").ok();
        assertTrue(info.out().contains("2 parts (multi-part OpenEXR)"), info.out());

        Tools.tilewright(dir, "assemble", "bucket_0.exr", "bucket_32.exr", "-o", "frame_parts.exr").ok();
        String h = header("frame_parts.exr");
        assertTrue(h.contains("name (type string): \"beauty\""), h);
        assertTrue(h.contains("name (type string): \"depth\""), h);
        assertTrue(h.contains("    Z, 32-bit floating-point"), h);
        assertTrue(h.contains("    R, 16-bit floating-point"), h);
        Tools.run(dir, "oiiotool", "frame_parts.exr", "--subimage", "0", "-o", "part0.exr").ok();
        Tools.run(dir, "oiiotool", "frame_parts.exr", "--subimage", "1", "-o", "part1.exr").ok();
        Tools.assertSamePixels(dir, dir.resolve("part0.exr"), dir.resolve("beauty.exr"), 0);
        Tools.assertSamePixels(dir, dir.resolve("part1.exr"), dir.resolve("depth.exr"), 0);

        // Outputs that cannot hold parts refuse them before any file exists.
        Tools.Result tiff = Tools.tilewright(dir, "assemble", "bucket_0.exr", "bucket_32.exr", "-o", "frame.tif");
        assertEquals(1, tiff.exit(), tiff.out());
        assertTrue(tiff.err().contains("bucket_0.exr: is a multi-part OpenEXR file (2 parts), whose parts only an .exr"
                + " output without a pyramid keeps"), tiff.err());
        assertTrue(!Files.exists(dir.resolve("frame.tif")));
        // Buckets with different parts are refused, naming the odd one.
        Tools.Result mixed = Tools.tilewright(dir, "assemble", "bucket_0.exr", "beauty_32.exr", "-o", "mixed.exr");
        assertEquals(1, mixed.exit(), mixed.out());
        assertTrue(mixed.err().contains("beauty_32.exr: has 1 part(s) where"), mixed.err());
        assertTrue(!Files.exists(dir.resolve("mixed.exr")));
    }

    @Test
    void subsampledLuminanceChromaIsRefusedOnOneLine() {
        // No command-line tool writes these: OpenEXR's own library does, from a small program.
        String source = Path.of("tests/conformance/exr_luminance_chroma.cpp").toAbsolutePath().toString();
        Tools.Result flags = Tools.run(dir, "pkg-config", "--cflags", "--libs", "OpenEXR").ok();
        List<String> compile = new java.util.ArrayList<>(List.of("g++", "-std=c++17", source, "-o", "make_yca"));
        compile.addAll(List.of(flags.out().trim().split("\\s+")));
        Tools.run(dir, compile.toArray(String[]::new)).ok();
        Tools.run(dir, dir.resolve("make_yca").toString(), "yca.exr").ok();
        assertTrue(header("yca.exr").contains("RY, 16-bit floating-point, sampling 2 2"));
        Tools.Result r = Tools.tilewright(dir, "montage", "yca.exr", "-o", "out.exr");
        assertEquals(1, r.exit(), r.out());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("tilewright: error")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("yca.exr") && lines.get(0).contains("Subsampled channels are not supported"),
                r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(!Files.exists(dir.resolve("out.exr")));
    }

    @Test
    void mipAndRipMappedInputsArePlacedAtFullResolution() {
        Tools.run(dir, "oiiotool", "frame.exr", "--ch", "R,G,B", "-d", "half", "-o", "rgb.exr").ok();
        Tools.run(dir, "exrmaketiled", "-m", "rgb.exr", "mip.exr").ok();
        Tools.run(dir, "exrmaketiled", "-r", "rgb.exr", "rip.exr").ok();
        for (String f : List.of("mip.exr", "rip.exr")) {
            Tools.tilewright(dir, "montage", f, "-o", "from-" + f).ok();
            Tools.assertSamePixels(dir, dir.resolve("from-" + f), dir.resolve("rgb.exr"), 0);
        }
    }
}
