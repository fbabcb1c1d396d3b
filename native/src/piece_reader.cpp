#include "tilewright/piece_reader.h"

#include <algorithm>
#include <cmath>
#include <new>

#include "tilewright/error.h"

namespace tilewright {

namespace {

std::vector<std::string> pathsOf(const std::vector<StitchInput>& inputs)
{
    std::vector<std::string> paths;
    paths.reserve(inputs.size());
    for (const StitchInput& in : inputs)
        paths.push_back(in.path);
    return paths;
}

}  // namespace

PieceReader::PieceReader(std::vector<StitchInput>& inputs, size_t maxOpenFiles, MissingPolicy policy,
                         const std::atomic<bool>& cancelled, std::string output, SourceReader sources)
    : inputs_(inputs), policy_(policy), cancelled_(cancelled), output_(std::move(output)), sources_(sources),
      pool_(pathsOf(inputs), maxOpenFiles,
            [this, &inputs](size_t i, const ImageReader& r) {
                const OIIO::ImageSpec& s = r.oiioSpec();
                const StitchInput& in = inputs[i];
                // Opened at its first part; a later part's channels are checked when it is selected.
                if (s.width != in.fileWidth || s.height != in.fileHeight || (part_ == 0 && s.nchannels != in.channels))
                    throw Error(in.path, "is " + std::to_string(s.width) + "x" + std::to_string(s.height) + " with "
                                             + std::to_string(s.nchannels) + " channels, but the layout declared "
                                             + std::to_string(in.fileWidth) + "x" + std::to_string(in.fileHeight) + " with "
                                             + std::to_string(in.channels) + " (did it change since planning?)",
                                         ErrorKind::BadInput);
            }),
      opened_(inputs.size(), 0)
{
}

void PieceReader::checkCancelled() const
{
    if (cancelled_)
        throw Error(output_, "cancelled; nothing was saved", ErrorKind::Cancelled);
}

bool PieceReader::read(const PieceRect& r, OIIO::TypeDesc type, char* dst, size_t stride)
{
    StitchInput& in = inputs_[r.index];
    try {
        checkCancelled();
        if (in.isSource()) {
            readSource(r, type, dst, stride);
            return true;
        }
        InputPool::Lease lease = pool_.acquire(r.index);
        ImageReader& reader = lease.reader();
        if (reader.subimage() != part_) {
            reader.selectLevel(part_, 0);
            const OIIO::ImageSpec& p = reader.oiioSpec();
            if (p.width != in.fileWidth || p.height != in.fileHeight || p.nchannels != in.channels)
                throw Error(in.path, "part " + std::to_string(part_) + " is " + std::to_string(p.width) + "x"
                                         + std::to_string(p.height) + " with " + std::to_string(p.nchannels)
                                         + " channels, not as planned (did it change since planning?)",
                            ErrorKind::BadInput);
        }
        const OIIO::ImageSpec& s = reader.oiioSpec();
        if (in.shifted())
            readShifted(r, reader, dst, stride);  // always float: BandRun asks for it
        else
            reader.readRegionStrided(s.x + in.sourceX + (r.x0 - in.x), s.y + in.sourceY + (r.y0 - in.y), r.x1 - r.x0,
                                     r.y1 - r.y0, 0, in.channels, type, dst, stride);
        opened_[r.index] = 1;
        return true;
    } catch (const Error& e) {
        // Only a bad file is a missing input; running out of descriptors or memory is not.
        if (cancelled_ || policy_ == MissingPolicy::Fail || e.kind() != ErrorKind::BadInput)
            throw;
        recordProblem(r.index, e.message());
        pool_.discard(r.index);
        return false;
    } catch (const std::bad_alloc&) {
        throw Error(in.path, "not enough memory to decode its rows (is the header corrupt?)", ErrorKind::BadInput);
    }
}

void PieceReader::readSource(const PieceRect& r, OIIO::TypeDesc type, char* dst, size_t stride)
{
    const StitchInput& in = inputs_[r.index];
    const int w = r.x1 - r.x0, h = r.y1 - r.y0;
    const size_t pixelBytes = size_t(in.channels) * in.sourceType.size();
    const size_t rowBytes = size_t(w) * pixelBytes;
    // The source writes its own type; straight into the band when that is what is wanted.
    const bool direct = type == in.sourceType && stride == rowBytes;
    std::vector<char> scratch(direct ? 0 : rowBytes * size_t(h));
    char* into = direct ? dst : scratch.data();
    if (!sources_
        || sources_(in.sourceIndex, in.sourceX + (r.x0 - in.x), in.sourceY + (r.y0 - in.y), w, h, into, (long long)rowBytes) != 0)
        throw Error(in.path, "its pixel source failed to give x " + rangeText(r.x0 - in.x, r.x1 - in.x) + ", y "
                                 + rangeText(r.y0 - in.y, r.y1 - in.y), ErrorKind::BadInput);
    if (!direct && !OIIO::convert_image(in.channels, w, h, 1, into, in.sourceType, OIIO::stride_t(pixelBytes),
                                        OIIO::stride_t(rowBytes), OIIO::AutoStride, dst, type, OIIO::AutoStride,
                                        OIIO::stride_t(stride), OIIO::AutoStride))
        throw Error(in.path, std::string("its pixels cannot be converted from ") + in.sourceType.c_str() + " to "
                                 + type.c_str(), ErrorKind::BadInput);
}

void PieceReader::readShifted(const PieceRect& r, ImageReader& reader, char* dst, size_t stride)
{
    const StitchInput& in = inputs_[r.index];
    const OIIO::ImageSpec& s = reader.oiioSpec();
    const int n = in.channels;
    // Canvas pixel X samples the input at u = X - x - shiftX (pixel centres on integers),
    // between columns floor(u) and floor(u) + 1; outside the input is zero.
    const int sampleW = in.width - (in.shiftX != 0 ? 1 : 0), sampleH = in.height - (in.shiftY != 0 ? 1 : 0);
    const int u0 = std::max(0, int(std::floor(r.x0 - in.x - in.shiftX)));
    const int u1 = std::min(sampleW, int(std::floor(r.x1 - 1 - in.x - in.shiftX)) + 2);
    const int v0 = std::max(0, int(std::floor(r.y0 - in.y - in.shiftY)));
    const int v1 = std::min(sampleH, int(std::floor(r.y1 - 1 - in.y - in.shiftY)) + 2);
    std::vector<float> around(size_t(std::max(0, u1 - u0)) * std::max(0, v1 - v0) * n, 0.0f);
    if (u1 > u0 && v1 > v0)
        reader.readRegionStrided(s.x + in.sourceX + u0, s.y + in.sourceY + v0, u1 - u0, v1 - v0, 0, n,
                                 OIIO::TypeFloat, reinterpret_cast<char*>(around.data()),
                                 size_t(u1 - u0) * n * sizeof(float));
    auto sample = [&](int u, int v, int c) {
        return u < u0 || u >= u1 || v < v0 || v >= v1 ? 0.0f : around[(size_t(v - v0) * (u1 - u0) + (u - u0)) * n + c];
    };
    for (int y = r.y0; y < r.y1; ++y) {
        const double v = y - in.y - double(in.shiftY);
        const int vi = int(std::floor(v));
        const float b = float(v - vi);
        float* out = reinterpret_cast<float*>(dst + size_t(y - r.y0) * stride);
        for (int x = r.x0; x < r.x1; ++x) {
            const double u = x - in.x - double(in.shiftX);
            const int ui = int(std::floor(u));
            const float a = float(u - ui);
            for (int c = 0; c < n; ++c)
                *out++ = (1 - a) * (1 - b) * sample(ui, vi, c) + a * (1 - b) * sample(ui + 1, vi, c)
                         + (1 - a) * b * sample(ui, vi + 1, c) + a * b * sample(ui + 1, vi + 1, c);
        }
    }
}

void PieceReader::recordProblem(size_t index, const std::string& reason)
{
    std::lock_guard<std::mutex> lock(problemsMutex_);
    StitchInput& in = inputs_[index];
    if (in.failed)
        return;
    in.failed = true;
    problems_.emplace_back(in.path, reason);
}

size_t PieceReader::reopenings() const
{
    return pool_.openings() - size_t(std::count(opened_.begin(), opened_.end(), char(1)));
}

}  // namespace tilewright
