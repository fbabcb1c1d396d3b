#include "tilewright/file_moves.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "tilewright/error.h"

namespace tilewright {

namespace {

[[noreturn]] void failMove(const std::string& to, int error)
{
    throw Error(to, std::string("cannot move the finished output into place: ") + std::strerror(error),
                ErrorKind::BadOutput);
}

}  // namespace

bool moveWithoutReplacing(const std::string& from, const std::string& to)
{
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno == EEXIST)
        return false;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        failMove(to, errno);
    // The file system cannot rename without replacing (some network and FUSE file systems).
    struct stat st{};
    if (::lstat(from.c_str(), &st) != 0)
        failMove(to, errno);
    if (!S_ISDIR(st.st_mode)) {
        if (::link(from.c_str(), to.c_str()) == 0) {
            ::unlink(from.c_str());
            return true;
        }
        if (errno == EEXIST)
            return false;
    }
    // No atomic way left: check, then rename (a race remains, on these file systems only).
    if (::lstat(to.c_str(), &st) == 0)
        return false;
    if (::rename(from.c_str(), to.c_str()) != 0)
        failMove(to, errno);
    return true;
}

}  // namespace tilewright
