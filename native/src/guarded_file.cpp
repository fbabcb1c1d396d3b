#include "tilewright/guarded_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tilewright/error.h"

namespace tilewright {

GuardedFile::GuardedFile(const std::string& path) : path_(path)
{
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error(path, std::string("cannot open for writing: ") + std::strerror(errno), ErrorKind::BadOutput);
    cookie_io_functions_t functions{};
    functions.write = &GuardedFile::write;
    functions.close = &GuardedFile::closeCookie;
    file_ = ::fopencookie(this, "w", functions);
    if (!file_) {
        ::close(fd_);
        throw Error(path, "cannot open for writing", ErrorKind::BadOutput);
    }
    proxy_ = std::make_unique<OIIO::Filesystem::IOFile>(file_, OIIO::Filesystem::IOProxy::Write);
}

GuardedFile::~GuardedFile() { close(); }

void GuardedFile::attachTo(OIIO::ImageSpec& spec)
{
    void* proxy = proxy_.get();
    spec.attribute("oiio:ioproxy", OIIO::TypeDesc::PTR, &proxy);
}

ssize_t GuardedFile::write(void* cookie, const char* data, size_t size)
{
    auto* self = static_cast<GuardedFile*>(cookie);
    for (size_t done = 0; done < size && self->error_ == 0;) {
        ssize_t n = ::write(self->fd_, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            self->error_ = n < 0 ? errno : EIO;
        else
            done += size_t(n);
    }
    return ssize_t(size);  // always "written": a codec seeing a short write would end the process
}

int GuardedFile::closeCookie(void* cookie)
{
    auto* self = static_cast<GuardedFile*>(cookie);
    if (self->fd_ >= 0 && ::close(self->fd_) != 0 && self->error_ == 0)
        self->error_ = errno;
    self->fd_ = -1;
    return 0;
}

int GuardedFile::close()
{
    proxy_.reset();  // the proxy does not own the stream
    if (file_) {
        std::fflush(file_);
        std::fclose(file_);  // closes the descriptor through closeCookie
        file_ = nullptr;
    }
    return error_;
}

}  // namespace tilewright
