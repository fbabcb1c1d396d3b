/**
 * Tilewright: images far larger than RAM, written by streaming rows and tiles to disk, and
 * mosaics stitched from thousands of smaller images, with memory that does not grow with the
 * image or the number of inputs.
 *
 * <p>Write an image row band by row band with {@link org.tilewright.ImageWriter} (or
 * {@link org.tilewright.StreamingWriter} for packed RGB rows), or from rectangles arriving in
 * any order from many threads with {@link org.tilewright.RegionWriter}; generate one from a function
 * of the pixel position with {@link org.tilewright.ImageGenerator}; stitch files placed by a
 * {@link org.tilewright.Layout} (a grid, explicit positions, or the files' own data windows)
 * with {@link org.tilewright.StitchJob}; read any region back with
 * {@link org.tilewright.ImageReader}; move java.awt images in and out with
 * {@link org.tilewright.awt.AwtImages}. Every failure is a
 * {@link org.tilewright.TilewrightException} naming the file and the cause; an output is
 * written under a temporary name and moved into place only when it is complete.
 */
package org.tilewright;
