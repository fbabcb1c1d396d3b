#include "tilewright/error.h"

namespace tilewright {

namespace {

/// The separator around the kind: a control character no file name or cause contains.
constexpr char kKindMark = '\x1F';

/// "<file>: <cause>" on one line: codecs report several problems on several lines.
std::string joined(const std::string& file, const std::string& cause)
{
    std::string text = file.empty() ? cause : file + ": " + cause;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    std::string line;
    line.reserve(text.size());
    for (char c : text) {
        if (c == '\r')
            continue;
        if (c == '\n')
            line += "; ";
        else
            line += c;
    }
    return line;
}

}  // namespace

const char* errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::BadInput: return "BAD_INPUT";
    case ErrorKind::BadOutput: return "BAD_OUTPUT";
    case ErrorKind::BadArgument: return "BAD_ARGUMENT";
    case ErrorKind::Limit: return "LIMIT";
    case ErrorKind::Cancelled: return "CANCELLED";
    case ErrorKind::Interrupted: return "INTERRUPTED";
    case ErrorKind::Failed: break;
    }
    return "FAILED";
}

Error::Error(const std::string& file, const std::string& cause, ErrorKind kind)
    : std::runtime_error(kKindMark + std::string(errorKindName(kind)) + kKindMark + joined(file, cause)),
      kind_(kind), message_(joined(file, cause))
{
}

}  // namespace tilewright
