package org.tilewright;

import java.util.List;

/**
 * What a manifest says: where each input goes and, when the manifest names one (a render
 * frame's ImageWidth and ImageHeight), the canvas they go on.
 *
 * @param placements where each input goes, in the manifest's order
 * @param canvasWidth the canvas's width from 0, 0, or 0 for the placements' bounding box
 * @param canvasHeight the canvas's height, or 0 for the placements' bounding box
 */
public record Manifest(List<Placement> placements, int canvasWidth, int canvasHeight) {
    /** The layout the manifest describes: on its canvas when it has one. */
    public Layout layout() {
        return canvasWidth > 0 && canvasHeight > 0
                ? Layout.placementsOnCanvas(placements, canvasWidth, canvasHeight)
                : Layout.placements(placements);
    }
}
