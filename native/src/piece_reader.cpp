#include "tilewright/piece_reader.h"

#include <algorithm>
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
                         const std::atomic<bool>& cancelled, std::string output)
    : inputs_(inputs), policy_(policy), cancelled_(cancelled), output_(std::move(output)),
      pool_(pathsOf(inputs), maxOpenFiles,
            [&inputs](size_t i, const ImageReader& r) {
                const OIIO::ImageSpec& s = r.oiioSpec();
                const StitchInput& in = inputs[i];
                if (s.width != in.fileWidth || s.height != in.fileHeight || s.nchannels != in.channels)
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
        InputPool::Lease lease = pool_.acquire(r.index);
        ImageReader& reader = lease.reader();
        const OIIO::ImageSpec& s = reader.oiioSpec();
        reader.readRegionStrided(s.x + in.sourceX + (r.x0 - in.x), s.y + in.sourceY + (r.y0 - in.y), r.x1 - r.x0, r.y1 - r.y0, 0,
                                 in.channels, type, dst, stride);
        opened_[r.index] = 1;
        return true;
    } catch (const Error& e) {
        if (cancelled_ || policy_ == MissingPolicy::Fail)
            throw;
        recordProblem(r.index, e.message());
        pool_.discard(r.index);
        return false;
    } catch (const std::bad_alloc&) {
        throw Error(in.path, "not enough memory to decode its rows (is the header corrupt?)", ErrorKind::BadInput);
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
