package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to hurt the process inside OpenImageIO's open, made the way an attacker would:
 * real files from tifffile and ImageMagick with hostile metadata put in, and headers that
 * lie. The command must end with one line naming the file, never a crash, a hang or
 * gigabytes of memory.
 */
class HostileFilesIT {
    @TempDir
    Path dir;

    /** XMP nested {@code depth} elements deep inside rdf:Description, where OIIO 2.4 recurses. */
    static final String DEEP_XMP = String.join("\n",
            "def deep_xmp(depth):",
            "    return ('<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">'",
            "            '<rdf:Description rdf:about=\"\">' + '<a>' * depth + 'v' + '</a>' * depth +",
            "            '</rdf:Description></rdf:RDF></x:xmpmeta>').encode()");

    /** PNG text chunks (plain iTXt, compressed iTXt) added to a file the png module wrote. */
    static final String MAKE_DEEP_XMP_FILES = String.join("\n", DEEP_XMP,
            "import png, struct, zlib, numpy as np, tifffile, sys",
            "depth = int(sys.argv[1])",
            "def chunk(kind, data):",
            "    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))",
            "rows = (np.arange(20 * 30 * 3) % 251).astype(np.uint8).reshape(20, 90)",
            "png.Writer(30, 20, greyscale=False).write(open('base.png', 'wb'), rows.tolist())",
            "base = open('base.png', 'rb').read()",
            "ihdr_end = 8 + 25",
            "plain = b'XML:com.adobe.xmp\\0\\0\\0\\0\\0' + deep_xmp(depth)",
            "packed = b'XML:com.adobe.xmp\\0\\1\\0\\0\\0' + zlib.compress(deep_xmp(depth * 10), 9)",
            "open('itxt.png', 'wb').write(base[:ihdr_end] + chunk(b'iTXt', plain) + base[ihdr_end:])",
            "open('itxt-zlib.png', 'wb').write(base[:ihdr_end] + chunk(b'iTXt', packed) + base[ihdr_end:])",
            "tifffile.imwrite('tag700.tif', rows.reshape(20, 30, 3), extratags=[(700, 1, 0, deep_xmp(depth), True)])",
            "tifffile.imwrite('shallow.tif', rows.reshape(20, 30, 3), extratags=[(700, 1, 0, deep_xmp(40), True)])",
            "jpeg = open('base.jpg', 'rb').read()",
            "app1 = b'http://ns.adobe.com/xap/1.0/\\0' + deep_xmp(depth // 2)[:65000]",
            "segment = b'\\xff\\xe1' + struct.pack('>H', len(app1) + 2) + app1",
            "open('app1.jpg', 'wb').write(jpeg[:2] + segment + jpeg[2:])");

    /**
     * OIIO 2.4 decodes XMP recursively, one stack frame per element: about 4000 levels ended
     * the JVM with a segfault. Files nested 9 000 (JPEG, whose segments hold 64 kB), 100 000
     * and — compressed into a 40 kB chunk — 1 000 000 levels deep are refused naming the file;
     * a TIFF whose XMP nests 40 deep still reads, its XMP kept.
     */
    @Test
    void xmpNestedFarBeyondTheCrashPointIsRefusedNamingTheFile() {
        Tools.run(dir, "convert", "-size", "30x20", "gradient:red-blue", "base.jpg").ok();
        Tools.python(dir, MAKE_DEEP_XMP_FILES, "100000").ok();
        for (String name : List.of("itxt.png", "itxt-zlib.png", "tag700.tif", "app1.jpg")) {
            Tools.Result info = Tools.tilewright(dir, "info", name);
            assertEquals(1, info.exit(), name + ": " + info.err());
            assertTrue(info.err().startsWith("tilewright: error: " + name + ": has XMP metadata"), info.err());
            assertTrue(info.err().contains("nested more than 1000 elements deep"), info.err());
            assertEquals(1, info.err().lines().count(), info.err());
            Tools.Result stitch = Tools.tilewright(dir, "montage", name, "base.png", "-o", "out-" + name + ".tif");
            assertEquals(1, stitch.exit(), name + ": " + stitch.err());
            assertTrue(stitch.err().contains(name + ": has XMP metadata"), stitch.err());
            assertFalse(Files.exists(dir.resolve("out-" + name + ".tif")));
        }
        Tools.tilewright(dir, "montage", "shallow.tif", "-o", "shallow-out.tif").ok();
        Tools.assertSamePixels(dir, dir.resolve("shallow.tif"), dir.resolve("shallow-out.tif"), 0);
    }

    /** A device or a FIFO is refused at once, never probed by every reader of OIIO forever. */
    @Test
    @Timeout(120)
    void devicesAndFifosAreRefusedAsNotRegularFiles() {
        Tools.run(dir, "mkfifo", "fifo.png").ok();
        Tools.run(dir, "convert", "-size", "30x20", "gradient:red-blue", "good.png").ok();
        for (String input : List.of("/dev/zero", "/dev/urandom", "fifo.png")) {
            Tools.Result r = Tools.tilewright(dir, "montage", input, "good.png", "-o", "out.tif");
            assertEquals(1, r.exit(), input + ": " + r.err());
            assertTrue(r.err().contains(input + ": is not a regular file"), r.err());
            Tools.Result skipped = Tools.tilewright(dir, "montage", input, "good.png", "-o", "skip.tif",
                    "--missing", "skip", "--overwrite");
            assertEquals(0, skipped.exit(), skipped.err());
            assertTrue(skipped.out().contains("problem:     " + input + ": skipped"), skipped.out());
        }
    }

    /**
     * A progressive JPEG from ImageMagick whose frame header is made to declare 32000²:
     * libjpeg would allocate 5.9 GB of coefficients inside OIIO's open. It is refused from
     * its header before the decoder sees it, the process staying small.
     */
    @Test
    void aProgressiveJpegDeclaringAHugeFrameIsRefusedBeforeTheDecoderAllocates() throws Exception {
        Tools.run(dir, "convert", "-size", "16x16", "plasma:", "-interlace", "JPEG", "small.jpg").ok();
        byte[] jpeg = Files.readAllBytes(dir.resolve("small.jpg"));
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC2);
        assertTrue(sof > 0, "ImageMagick wrote a progressive frame");
        for (int at : new int[] {sof + 5, sof + 7}) {
            jpeg[at] = (byte) (32000 >> 8);
            jpeg[at + 1] = (byte) (32000 & 0xFF);
        }
        Files.write(dir.resolve("huge.jpg"), jpeg);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        Tools.Result r = Tools.run(dir, "/usr/bin/time", "-f", "peak_kb=%M", java, "-jar", jar,
                "montage", "huge.jpg", "-o", "out.tif");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("huge.jpg: is a progressive JPEG whose decoding holds 5860 MB at once"), r.err());
        assertTrue(r.err().contains("more than the 128 MB allowed"), r.err());
        Matcher peak = Pattern.compile("peak_kb=(\\d+)").matcher(r.err());
        assertTrue(peak.find(), r.err());
        assertTrue(Long.parseLong(peak.group(1)) < 600_000, "peak RSS " + peak.group(1) + " kB");
        assertFalse(Files.exists(dir.resolve("out.tif")));
        // The file as ImageMagick wrote it still reads.
        Tools.Result within = Tools.tilewright(dir, "info", "small.jpg");
        assertEquals(0, within.exit(), within.err());
    }

    /** info on a tifffile TIFF of 20 000 directories: OIIO's subimage seeks made it quadratic. */
    @Test
    @Timeout(120)
    void twentyThousandDirectoriesAreCountedInLinearTime() {
        Tools.python(dir, "import tifffile, numpy as np\n"
                + "with tifffile.TiffWriter('many.tif') as t:\n"
                + "    for i in range(20000): t.write(np.full((2, 2), i % 251, np.uint8), contiguous=False)").ok();
        Tools.Result info = Tools.tilewright(dir, "info", "many.tif").ok();
        assertTrue(info.out().contains("20000 subimage(s)"), info.out());
    }

    /**
     * An ImageMagick JPEG cut short: libjpeg warns "Premature end of JPEG file" and paints the
     * rest grey, and the stitch used to succeed. Now --missing fail ends with the cause, and
     * skip reports it as a problem and leaves its cell to the background.
     */
    @Test
    void aTruncatedJpegIsAnErrorOrAReportedProblemNeverASilentSuccess() throws Exception {
        Tools.run(dir, "convert", "-size", "300x200", "plasma:", "-quality", "90", "whole.jpg").ok();
        byte[] whole = Files.readAllBytes(dir.resolve("whole.jpg"));
        Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(whole, whole.length / 3));
        Tools.Result fail = Tools.tilewright(dir, "montage", "cut.jpg", "whole.jpg", "-o", "fail.tif");
        assertEquals(1, fail.exit(), fail.err());
        assertTrue(fail.err().contains("cut.jpg: is damaged: JPEG error: Premature end of JPEG file"), fail.err());
        assertFalse(Files.exists(dir.resolve("fail.tif")));
        // The cut file's last rows, as ImageMagick sees them, are not what the output holds there.
        assertSkippedOverBackground("cut.jpg", "whole.jpg");
    }

    /**
     * Under --missing skip, a montage of {@code damaged} and {@code whole} succeeds, reports the
     * damaged file as skipped, and holds the magenta background where it would have been
     * (oiiotool reads a pixel of its last rows).
     */
    private void assertSkippedOverBackground(String damaged, String whole) {
        Tools.Result skip = Tools.tilewright(dir, "montage", damaged, whole, "-o", "skip.tif",
                "--missing", "skip", "--background", "1,0,1");
        assertEquals(0, skip.exit(), skip.err());
        assertTrue(skip.out().contains("1 problem(s)") && skip.out().contains(damaged + ": skipped"), skip.out());
        Tools.Result corner = Tools.run(dir, "oiiotool", "skip.tif", "--crop", "1x1+150+190", "--printstats");
        assertTrue(corner.ok().out().contains("Max: 1.000000 0.000000 1.000000"), corner.out());
    }

    /**
     * TIFFs cut short by tifffile (300 x 200 RGB, uncompressed): in one strip for the whole
     * image — libtiff then makes up the strip's size and OIIO 2.4 reads the missing rows as
     * zeros, so it used to be stitched with black rows and exit 0 — and in many strips. Both
     * are refused naming the file and the strip, or skipped and reported.
     */
    @Test
    void aTiffCutShortIsAnErrorOrAReportedProblemNeverBlackRows() throws Exception {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "a = np.full((200, 300, 3), 200, np.uint8)",
                "tifffile.imwrite('whole.tif', a, rowsperstrip=16)",
                "tifffile.imwrite('one-strip.tif', a, rowsperstrip=200)",
                "tifffile.imwrite('tiled.tif', a, tile=(64, 64), compression='zlib')")).ok();
        assertTrue(Tools.run(dir, "tiffinfo", "one-strip.tif").ok().out().contains("Rows/Strip: 200"));
        for (String name : List.of("whole", "one-strip")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(name + ".tif"));
            Files.write(dir.resolve("cut-" + name + ".tif"), java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
            Tools.Result fail = Tools.tilewright(dir, "montage", "cut-" + name + ".tif", "whole.tif", "-o", "fail.tif");
            assertEquals(1, fail.exit(), fail.err());
            String strip = name.equals("one-strip") ? "0" : "\\d+";
            assertTrue(fail.err().matches("(?s).*cut-" + name + "\\.tif: is cut short: its strip " + strip
                    + " ends at byte \\d+ of a " + bytes.length * 6 / 10 + "-byte file.*"), fail.err());
            assertFalse(Files.exists(dir.resolve("fail.tif")));
        }
        assertSkippedOverBackground("cut-one-strip.tif", "whole.tif");
        // Whole files, strips or tiles, pass untouched.
        Tools.tilewright(dir, "montage", "whole.tif", "tiled.tif", "one-strip.tif", "-q", "-o", "fine.tif").ok();
    }

    /**
     * GIFs from ImageMagick — plain, animated, with a transparent index: OIIO 2.4's GIF reader
     * declares the alpha as channel 4 of 4, which ended in a native "vector::_M_default_append".
     * They read as ImageMagick decodes them.
     */
    @Test
    void gifsReadAsImageMagickDecodesThem() {
        Tools.run(dir, "convert", "-size", "40x30", "gradient:red-blue", "plain.gif").ok();
        Tools.run(dir, "convert", "-size", "40x30", "xc:red", "xc:blue", "-delay", "10", "animated.gif").ok();
        Tools.run(dir, "convert", "-size", "40x30", "gradient:white-black", "-transparent", "white", "holes.gif").ok();
        for (String name : List.of("plain", "animated", "holes")) {
            Tools.tilewright(dir, "montage", name + ".gif", "-o", name + ".png", "-q").ok();
            Tools.run(dir, "convert", name + ".gif[0]", "-define", "png:color-type=6", "magick-" + name + ".png").ok();
            Tools.assertSamePixels(dir, dir.resolve(name + ".png"), dir.resolve("magick-" + name + ".png"), 0);
        }
    }

    /**
     * A tifffile TIFF whose header is made to declare one tile of 24000²: decoding it would
     * hold 1.7 GB for a 100x100 output. Refused at planning, the process staying small.
     */
    @Test
    void aTiffOfOneHugeTileIsRefusedBeforeAnyWork() throws Exception {
        Tools.python(dir, "import tifffile, numpy as np, struct\n"
                + "tifffile.imwrite('small.tif', np.zeros((16, 16, 3), np.uint8), tile=(16, 16), photometric='rgb')\n"
                + "b = bytearray(open('small.tif', 'rb').read())\n"
                + "page = tifffile.TiffFile('small.tif').pages[0]\n"
                + "for code in (256, 257, 322, 323):\n"
                + "    tag = page.tags[code]\n"
                + "    b[tag.valueoffset:tag.valueoffset + (2 if tag.dtype == 3 else 4)] = "
                + "struct.pack('<H' if tag.dtype == 3 else '<I', 24000)\n"
                + "open('one-tile.tif', 'wb').write(b)").ok();
        Files.writeString(dir.resolve("layout.csv"), "path,x,y\none-tile.tif,0,0\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        Tools.Result r = Tools.run(dir, "/usr/bin/time", "-f", "peak_kb=%M", java, "-jar", jar, "stitch", "layout.csv",
                "--canvas", "100x100", "-o", "out.tif");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("one-tile.tif: decoding it holds 1728.0 MB at once"), r.err());
        Matcher peak = Pattern.compile("peak_kb=(\\d+)").matcher(r.err());
        assertTrue(peak.find() && Long.parseLong(peak.group(1)) < 600_000, r.err());
        assertFalse(Files.exists(dir.resolve("out.tif")));
    }

    /**
     * A PNG from the png module with damaged IDAT bytes, and one with a broken IHDR CRC:
     * libpng used to print its own "libpng error:" line before ours. Now stderr holds our one
     * line, naming the file and libpng's reason.
     */
    @Test
    void aDamagedPngIsOneLineNotLibpngsToo() throws Exception {
        Tools.python(dir, "import png\n"
                + "png.Writer(64, 64, greyscale=False).write(open('good.png', 'wb'), "
                + "[[(x * 7 + y * 3 + c) % 256 for x in range(64) for c in range(3)] for y in range(64)])\n"
                + "b = bytearray(open('good.png', 'rb').read())\n"
                + "i = b.find(b'IDAT')\n"
                + "for k in range(i + 20, i + 60): b[k] ^= 0x55\n"
                + "open('idat.png', 'wb').write(b)\n"
                + "b = bytearray(open('good.png', 'rb').read()); b[16:20] = bytes(4)\n"
                + "open('ihdr.png', 'wb').write(b)").ok();
        for (String name : List.of("idat.png", "ihdr.png")) {
            Tools.Result r = Tools.tilewright(dir, "montage", name, "-o", "out.tif", "--progress", "none");
            assertEquals(1, r.exit(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("tilewright: error: ") && r.err().contains(name)
                    && r.err().contains("PNG read error: "), r.err());
        }
    }

    private static int indexOf(byte[] bytes, byte first, byte second) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == first && bytes[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }
}
