package org.tilewright.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.InputSource;

/**
 * OME-TIFF outputs as Bio-Formats expects them, checked by readers nobody here wrote:
 * tifffile finds an OME file with one series whose levels are the SubIFDs (sizes halving,
 * rounded up; level 0 equal to the tifffile-made inputs, level 1 their 2x2 means computed by
 * numpy); libvips opens every level by its subifd; the OME-XML validates against OME's own
 * 2016-06 schema (from OME's specification artifact) and says what the file holds.
 */
class OmeTiffIT {
    @TempDir
    Path dir;

    @BeforeEach
    void tiles() {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "rng = np.random.default_rng(5)",
                "for r in range(3):",
                "    for c in range(3):",
                "        a = rng.integers(0, 256, size=(700, 900, 3), dtype=np.uint8)",
                "        a[::4] = 30 * r + c",
                "        tifffile.imwrite(f't{r}{c}.tif', a, photometric='rgb')")).ok();
    }

    private List<String> tileNames() {
        return List.of("t00.tif", "t01.tif", "t02.tif", "t10.tif", "t11.tif", "t12.tif", "t20.tif", "t21.tif", "t22.tif");
    }

    /** The OME-XML of {@code file}'s first IFD, read by tifffile. */
    private String omeXml(String file) {
        return Tools.python(dir, "import sys, tifffile\nprint(tifffile.TiffFile(sys.argv[1]).pages[0].description)", file)
                .ok().out();
    }

    /** Validates {@code xml} against OME's 2016-06 schema, resolving its xml.xsd import from the same artifact. */
    static void assertValidOmeXml(String xml) throws Exception {
        ClassLoader loader = OmeTiffIT.class.getClassLoader();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setResourceResolver(new LSResourceResolver() {
            @Override
            public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String base) {
                if (systemId == null || !systemId.endsWith("xml.xsd")) {
                    return null;
                }
                InputStream in = loader.getResourceAsStream("released-schema/external/xml.xsd");
                return new SchemaInput(in, systemId);
            }
        });
        Schema schema;
        try (InputStream xsd = loader.getResourceAsStream("released-schema/2016-06/ome.xsd")) {
            assertTrue(xsd != null, "OME's specification artifact is on the test class path");
            schema = factory.newSchema(new StreamSource(xsd, "ome.xsd"));
        }
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Element pixelsOf(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return (Element) f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                .getElementsByTagNameNS("http://www.openmicroscopy.org/Schemas/OME/2016-06", "Pixels").item(0);
    }

    @Test
    void aPyramidMontageIsOneSeriesWhoseLevelsAreSubIfds() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("montage", "--grid", "3x3", "--pyramid",
                "--pixel-size", "0.325um", "-o", "slide.ome.tif"));
        args.addAll(tileNames());
        Tools.tilewright(dir, args.toArray(String[]::new)).ok();
        String check = String.join("\n",
                "import numpy as np, tifffile",
                "with tifffile.TiffFile('slide.ome.tif') as t:",
                "    assert t.is_ome, 'not OME'",
                "    assert len(t.series) == 1, len(t.series)",
                "    assert len(t.pages) == 1, 'levels must not be top-level IFDs'",
                "    s = t.series[0]",
                "    shapes = [l.shape for l in s.levels]",
                "    assert all(p.subfiletype == 1 for p in t.pages[0].pages) if hasattr(t.pages[0], 'pages') else True",
                "    subifds = t.pages[0].tags['SubIFDs'].value",
                "    assert len(subifds) == len(shapes) - 1, (len(subifds), shapes)",
                "    full = s.levels[0].asarray()",
                "    half = s.levels[1].asarray()",
                "assert shapes[0] == (2100, 2700, 3), shapes",
                "for k in range(1, len(shapes)):",
                "    h, w = shapes[k - 1][:2]",
                "    assert shapes[k][:2] == ((h + 1) // 2, (w + 1) // 2), shapes",
                "assert max(shapes[-1][:2]) <= 256, shapes",
                "assert np.array_equal(full[700:1400, 1800:2700], tifffile.imread('t12.tif')), 'tile 1,2 differs'",
                "q = full.astype(np.uint32)",
                "mean = (q[0::2, 0::2] + q[1::2, 0::2] + q[0::2, 1::2] + q[1::2, 1::2] + 2) // 4",
                "assert np.array_equal(half, mean.astype(np.uint8)), 'level 1 is not the 2x2 means'",
                "print(shapes)");
        String shapes = Tools.python(dir, check).ok().out().strip();
        int levels = shapes.split("\\), \\(").length;
        for (int k = 0; k < levels - 1; k++) {
            Tools.Result v = Tools.run(dir, "vipsheader", "slide.ome.tif[subifd=" + k + "]");
            assertEquals(0, v.exit(), v.err());
            int side = 2700;
            for (int i = 0; i <= k; i++) {
                side = (side + 1) / 2;
            }
            assertTrue(v.out().contains(side + "x"), "vips reads subifd " + k + " as " + v.out());
        }
        String xml = omeXml("slide.ome.tif");
        assertValidOmeXml(xml);
        Element pixels = pixelsOf(xml);
        assertEquals("uint8", pixels.getAttribute("Type"));
        assertEquals("2700", pixels.getAttribute("SizeX"));
        assertEquals("2100", pixels.getAttribute("SizeY"));
        assertEquals("3", pixels.getAttribute("SizeC"));
        assertEquals("0.325", pixels.getAttribute("PhysicalSizeX"));
        assertEquals("µm", pixels.getAttribute("PhysicalSizeXUnit"));
        assertEquals("3", ((Element) pixels.getElementsByTagNameNS("*", "Channel").item(0)).getAttribute("SamplesPerPixel"));
        assertTrue(!xml.contains("shape"), "nothing of the inputs' own descriptions: " + xml);
        // info sees what OpenImageIO does not: the OME-XML and the SubIFD levels.
        String info = Tools.tilewright(dir, "info", "--json", "slide.ome.tif").ok().out();
        assertTrue(info.contains("\"ome\" : true"), info);
        assertTrue(info.contains("\"subifd_levels\" : [ {\n    \"width\" : 1350,"), info);
    }

    @Test
    void aSixteenBitGrayImageFromTheGeneratorWithoutPyramid() throws Exception {
        Tools.tilewright(dir, "generate", "noise", "--size", "1500x1000", "--type", "uint16", "--channels", "1",
                "-o", "gray.ome.tiff").ok();
        String check = String.join("\n",
                "import tifffile",
                "with tifffile.TiffFile('gray.ome.tiff') as t:",
                "    assert t.is_ome and len(t.series) == 1 and len(t.series[0].levels) == 1",
                "    assert 'SubIFDs' not in t.pages[0].tags",
                "    a = t.series[0].asarray()",
                "    print(a.shape, a.dtype, t.pages[0].predictor)");
        assertEquals("(1000, 1500) uint16 2", Tools.python(dir, check).ok().out().strip());
        String xml = omeXml("gray.ome.tiff");
        assertValidOmeXml(xml);
        assertEquals("uint16", pixelsOf(xml).getAttribute("Type"));
    }

    /**
     * Four 16-bit fluorescence channels (tifffile tiles) become four planes — one IFD each,
     * each with its levels as SubIFDs — named as given: tifffile reads one CYX series whose
     * planes equal the inputs' channels, vips opens every plane's every level, the OME-XML
     * names each channel and maps each plane to its IFD.
     */
    @Test
    void fluorescenceChannelsArePlanesWithTheirOwnLevels() throws Exception {
        Tools.python(dir, String.join("\n",
                "import numpy as np, tifffile",
                "rng = np.random.default_rng(9)",
                "for k in range(2):",
                "    a = rng.integers(0, 60000, size=(800, 1100, 4), dtype=np.uint16)",
                "    a[:, :, 1] //= 7",
                "    tifffile.imwrite(f'fl{k}.tif', a, photometric='minisblack', planarconfig='contig',",
                "                     extrasamples=['unspecified'] * 3)")).ok();
        Tools.tilewright(dir, "montage", "--grid", "2x1", "--pyramid", "--channel-names", "DAPI,GFP,mCherry,Cy5",
                "--pixel-size", "0.5x0.6um", "-o", "cells.ome.tif", "fl0.tif", "fl1.tif").ok();
        String check = String.join("\n",
                "import numpy as np, tifffile",
                "with tifffile.TiffFile('cells.ome.tif') as t:",
                "    subifds = [len(t.pages[i].tags['SubIFDs'].value) for i in range(len(t.pages))]",
                "    assert subifds == [4, 4, 4, 4], ('one IFD per channel, each with its own levels', subifds)",
                "    assert t.is_ome and len(t.series) == 1, len(t.series)",
                "    s = t.series[0]",
                "    full = s.levels[0].asarray()",
                "    print(s.axes, [l.shape for l in s.levels])",
                "right = tifffile.imread('fl1.tif')",
                "assert np.array_equal(full[:, :, 1100:], np.moveaxis(right, -1, 0)), 'planes differ from the inputs'");
        assertEquals("CYX [(4, 800, 2200), (4, 400, 1100), (4, 200, 550), (4, 100, 275), (4, 50, 138)]",
                Tools.python(dir, check).ok().out().strip());
        for (int page = 0; page < 4; page++) {
            for (int level = 0; level < 4; level++) {
                Tools.Result v = Tools.run(dir, "vipsheader", "cells.ome.tif[page=" + page + ",subifd=" + level + "]");
                assertEquals(0, v.exit(), v.err());
                int width = (2200 + (2 << level) - 1) >> (level + 1);  // halved, rounded up, level + 1 times
                assertTrue(v.out().contains(width + "x" + (400 >> level) + " ushort, 1 band"), v.out());
            }
        }
        String xml = omeXml("cells.ome.tif");
        assertValidOmeXml(xml);
        Element pixels = pixelsOf(xml);
        assertEquals("false", pixels.getAttribute("Interleaved"));
        assertEquals("0.6", pixels.getAttribute("PhysicalSizeY"));
        var channels = pixels.getElementsByTagNameNS("*", "Channel");
        var tiffData = pixels.getElementsByTagNameNS("*", "TiffData");
        assertEquals(4, channels.getLength());
        assertEquals(4, tiffData.getLength());
        List<String> names = List.of("DAPI", "GFP", "mCherry", "Cy5");
        for (int c = 0; c < 4; c++) {
            assertEquals(names.get(c), ((Element) channels.item(c)).getAttribute("Name"));
            assertEquals(Integer.toString(c), ((Element) tiffData.item(c)).getAttribute("IFD"));
            assertEquals(Integer.toString(c), ((Element) tiffData.item(c)).getAttribute("FirstC"));
        }
    }

    /**
     * 32-bit float and 32-bit integer planes, with a pyramid: tifffile reads them as OME with
     * the right type and predictor, and oiiotool finds the same pixels as in the plain TIFF of
     * the same command, which OpenImageIO's own TIFF writer makes (with a floating-point
     * predictor tifffile cannot read without imagecodecs).
     */
    @Test
    void floatAndThirtyTwoBitPlanesMatchOpenImageIosTiffOfTheSameJob() throws Exception {
        for (String type : List.of("float", "uint32")) {
            for (String out : List.of(type + ".ome.tif", type + ".tif")) {
                Tools.tilewright(dir, "generate", "noise", "--size", "1300x900", "--type", type, "--channels", "1",
                        "--pyramid", "-o", out).ok();
            }
            String check = String.join("\n",
                    "import sys, tifffile",
                    "with tifffile.TiffFile(sys.argv[1]) as t:",
                    "    assert t.is_ome and len(t.series) == 1 and len(t.series[0].levels) == 4",
                    "    a = t.series[0].levels[0].asarray()",
                    "    print(a.dtype, a.shape, int(t.pages[0].predictor))");
            String out = Tools.python(dir, check, type + ".ome.tif").ok().out().strip();
            // Bio-Formats reads no floating-point predictor (3): floats go without one.
            assertEquals(type.equals("float") ? "float32 (900, 1300) 1" : "uint32 (900, 1300) 2", out);
            Tools.assertSamePixels(dir, dir.resolve(type + ".ome.tif"), dir.resolve(type + ".tif"), 0);
            assertValidOmeXml(omeXml(type + ".ome.tif"));
        }
    }

    @Test
    void whatOmeTiffCannotHoldIsRefusedLeavingNothing() throws Exception {
        Tools.Result f = Tools.tilewright(dir, "generate", "gradient", "--size", "300x200", "--type", "half",
                "-o", "half.ome.tif");
        assertNotEquals(0, f.exit());
        assertTrue(f.err().contains("OME-XML has no half-float pixel type"), f.err());
        Tools.Result lzw = Tools.tilewright(dir, "generate", "gradient", "--size", "300x200", "--compression", "lzw",
                "-o", "lzw.ome.tif");
        assertNotEquals(0, lzw.exit());
        assertTrue(lzw.err().contains("not available for OME-TIFF files"), lzw.err());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".ome.tif")), "nothing left");
        }
    }

    /** An LSInput over a stream (the JDK has no public implementation). */
    private record SchemaInput(InputStream stream, String systemId) implements LSInput {
        public java.io.Reader getCharacterStream() { return null; }
        public void setCharacterStream(java.io.Reader r) {}
        public InputStream getByteStream() { return stream; }
        public void setByteStream(InputStream s) {}
        public String getStringData() { return null; }
        public void setStringData(String s) {}
        public String getSystemId() { return systemId; }
        public void setSystemId(String s) {}
        public String getPublicId() { return null; }
        public void setPublicId(String s) {}
        public String getBaseURI() { return null; }
        public void setBaseURI(String s) {}
        public String getEncoding() { return null; }
        public void setEncoding(String s) {}
        public boolean getCertifiedText() { return false; }
        public void setCertifiedText(boolean b) {}
    }
}
