#include "tilewright/output_target.h"

#include "tilewright/error.h"

namespace tilewright {

OutputTarget::OutputTarget(const std::string& finalPath, const std::string& temporaryPath, int kindCode)
    : finalPath_(finalPath), temporaryPath_(temporaryPath), kind_(OutputKind(kindCode))
{
    if (kindCode < 0 || kindCode > int(OutputKind::OmeZarr))
        throw Error(finalPath, "unknown output kind " + std::to_string(kindCode), ErrorKind::BadArgument);
}

std::string OutputTarget::scratchPath(const std::string& tag) const
{
    size_t slash = temporaryPath_.find_last_of('/');
    size_t dot = temporaryPath_.find_last_of('.');
    bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    std::string stem = hasExtension ? temporaryPath_.substr(0, dot) : temporaryPath_;
    std::string extension = hasExtension ? temporaryPath_.substr(dot) : std::string();
    return stem + "." + tag + extension;
}

}  // namespace tilewright
