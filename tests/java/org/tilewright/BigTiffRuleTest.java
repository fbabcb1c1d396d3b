package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The worst-case size rule that picks BigTIFF. */
class BigTiffRuleTest {
    static final long GIB = 1L << 30;

    @Test
    void smallImagesStayClassic() {
        assertFalse(BigTiffRule.needsBigTiff(100_000_000L, 1000, "zip"));
        assertFalse(BigTiffRule.needsBigTiff(3 * GIB, 10_000, "zip:9"));
    }

    @Test
    void uncompressedNearTheLimitLeavesRoomForTablesAndMetadata() {
        assertTrue(BigTiffRule.needsBigTiff(4 * GIB - 8_000_000, 65_536, null));
        assertFalse(BigTiffRule.needsBigTiff(4 * GIB - 64_000_000, 65_536, "none"));
    }

    @Test
    void codecsThatCanExpandAreCountedAtTheirWorst() {
        assertTrue(BigTiffRule.needsBigTiff(3 * GIB, 1000, "lzw"));
        assertTrue(BigTiffRule.needsBigTiff(3 * GIB, 1000, "jpeg"));
        assertFalse(BigTiffRule.needsBigTiff(3 * GIB, 1000, "packbits"));
        assertEquals(1.01, BigTiffRule.expansionBound("ZIP:4"));
    }

    @Test
    void perChunkOverheadCounts() {
        long raw = 4 * GIB - 40_000_000L;
        assertFalse(BigTiffRule.needsBigTiff(raw, 1, null));
        assertTrue(BigTiffRule.needsBigTiff(raw, 1_000_000, null));
    }
}
