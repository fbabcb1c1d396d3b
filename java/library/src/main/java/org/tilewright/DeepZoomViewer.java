package org.tilewright;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The page beside a Deep Zoom output that shows it: one self-contained HTML file with
 * OpenSeadragon (vendored from the npm registry at build time, its BSD licence kept in the
 * page) and the descriptor's values inlined, so that it opens by double-click from disk —
 * browsers refuse to fetch a {@code .dzi} from {@code file://}, but load the tiles as images.
 */
final class DeepZoomViewer {
    private static final String RESOURCES = "/org/tilewright/viewer/";

    private final String tileFolderName;
    private final DeepZoom options;
    private final ImageSpec spec;

    /** The page of an image of {@code spec} whose tiles, made with {@code options}, are in {@code tileFolderName}. */
    DeepZoomViewer(String tileFolderName, DeepZoom options, ImageSpec spec) {
        this.tileFolderName = tileFolderName;
        this.options = options;
        this.spec = spec;
    }

    /** Writes the page to {@code page}. */
    void write(Path page) throws IOException {
        String title = tileFolderName.substring(0, tileFolderName.length() - "_files".length());
        String folderUrl = URLEncoder.encode(tileFolderName, StandardCharsets.UTF_8).replace("+", "%20") + "/";
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + escapeHtml(title) + "</title>\n"
                + "<style>html,body{margin:0;height:100%;background:#111}#viewer{width:100%;height:100%}</style>\n"
                + "</head>\n<body>\n<div id=\"viewer\"></div>\n"
                + "<script>\n/*! OpenSeadragon " + resource("VERSION").trim() + " — https://openseadragon.github.io\n"
                + resource("LICENSE.txt").replace("*/", "* /") + "*/\n"
                + resource("openseadragon.min.js").replace("</script", "<\\/script") + "\n</script>\n"
                + "<script>\n"
                + "window.viewer = OpenSeadragon({\n"
                + "  id: \"viewer\",\n"
                + "  showNavigationControl: false,\n"  // its buttons are images we do not ship
                // WebGL may not upload images from file:// (they count as cross-origin).
                + "  drawer: \"canvas\",\n"
                + "  showNavigator: true,\n"
                + "  tileSources: {Image: {xmlns: \"http://schemas.microsoft.com/deepzoom/2008\",\n"
                + "    Url: \"" + folderUrl + "\", Format: \"" + options.tileFormatFor(spec.channels())
                + "\", Overlap: \"" + options.overlap() + "\", TileSize: \"" + options.tileSize() + "\",\n"
                + "    Size: {Width: \"" + spec.width() + "\", Height: \"" + spec.height() + "\"}}}\n"
                + "});\n</script>\n</body>\n</html>\n";
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DeepZoomViewer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the viewer resource " + name + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
