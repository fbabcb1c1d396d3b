package org.tilewright;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page beside a Deep Zoom output that shows it: one self-contained HTML file with
 * OpenSeadragon (vendored from the npm registry at build time, its BSD licence kept in the
 * page) and the descriptor's values inlined, so that it opens by double-click from disk —
 * browsers refuse to fetch a {@code .dzi} from {@code file://}, but load the tiles as images.
 */
final class DeepZoomViewer {
    private static final String RESOURCES = "/org/tilewright/viewer/";
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private DeepZoomViewer() {}

    /** Writes {@code page} for the descriptor {@code dzi} whose tiles are in {@code tileFolderName}. */
    static void write(Path dzi, Path page, String tileFolderName) throws IOException {
        String descriptor = Files.readString(dzi, StandardCharsets.UTF_8);
        String format = value(descriptor, "Format");
        String overlap = value(descriptor, "Overlap");
        String tileSize = value(descriptor, "TileSize");
        String width = value(descriptor, "Width");
        String height = value(descriptor, "Height");
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
                + "    Url: \"" + folderUrl + "\", Format: \"" + format + "\", Overlap: \"" + overlap
                + "\", TileSize: \"" + tileSize + "\",\n"
                + "    Size: {Width: \"" + width + "\", Height: \"" + height + "\"}}}\n"
                + "});\n</script>\n</body>\n</html>\n";
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    private static String value(String descriptor, String name) throws IOException {
        Matcher m = ATTRIBUTE.matcher(descriptor);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IOException("the Deep Zoom descriptor has no " + name);
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
