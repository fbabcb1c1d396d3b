// Writes a 64x48 luminance/chroma OpenEXR file (Y and A full resolution, RY and BY
// subsampled 2x2), as OpenEXR's RgbaOutputFile writes it with WRITE_YCA: a kind of file no
// command-line tool makes. Built and run by the conformance suite.
//
// usage: exr_luminance_chroma OUT.exr
#include <OpenEXR/ImfArray.h>
#include <OpenEXR/ImfRgbaFile.h>

int main(int argc, char** argv)
{
    if (argc != 2)
        return 2;
    const int width = 64, height = 48;
    Imf::Array2D<Imf::Rgba> pixels(height, width);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pixels[y][x] = Imf::Rgba(float(x) / width, float(y) / height, 0.5f, 1.0f);
    Imf::RgbaOutputFile file(argv[1], width, height, Imf::WRITE_YCA);
    file.setFrameBuffer(&pixels[0][0], 1, width);
    file.writePixels(height);
    return 0;
}
