package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec value type, without native code. */
class ImageSpecTest {
    @Test
    void defaultsFollowOiiosConventions() {
        ImageSpec spec = ImageSpec.builder(100, 50, 4, PixelType.HALF).build();
        assertEquals(List.of("R", "G", "B", "A"), spec.channelNames());
        assertEquals(3, spec.alphaChannel());
        assertEquals(0, spec.fullX());
        assertEquals(100, spec.fullWidth());
        assertEquals(100L * 50 * 4 * 2, spec.imageBytes());
        assertEquals(List.of("Y"), ImageSpec.builder(1, 1, 1, PixelType.UINT8).build().channelNames());
    }

    @Test
    void byteCountsAreLongs() {
        ImageSpec spec = ImageSpec.builder(1_000_000, 1_000_000, 4, PixelType.FLOAT).build();
        assertEquals(16_000_000_000_000L, spec.imageBytes());
        assertEquals(16_000_000L, spec.rowBytes());
    }

    @Test
    void toBuilderKeepsEverything() {
        ImageSpec spec = ImageSpec.builder(10, 20, 2, PixelType.UINT16).origin(-3, 4)
                .fullWindow(0, 0, 64, 32).tileSize(16, 16).channelNames(List.of("Y", "A"))
                .compression("zip:4").attribute("Software", "test").build();
        assertEquals(spec, spec.toBuilder().build());
        assertEquals(1, spec.alphaChannel());
    }

    @Test
    void invalidValuesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, 10, 3, PixelType.UINT8).tileSize(16, 0).build())
                .getMessage().contains("16x0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, 10, 3, PixelType.UINT8).channelNames(List.of("R")).build())
                .getMessage().contains("1 channel names given for 3 channels"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, 10, 3, PixelType.UINT8).attribute("x", List.of()).build())
                .getMessage().contains("must be an Integer, Float or String"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageSpec.builder(10, 10, 3, PixelType.UINT8).origin(Integer.MAX_VALUE - 5, 0)
                        .build()).getMessage().contains("2^31"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PixelType.parse("uint12"))
                .getMessage().contains("uint12"));
    }
}
