#include "tilewright/stderr_filter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace tilewright {

namespace {

std::mutex guard;
int originalStderr = -1;
std::thread forwarder;

/// Lines that repeat what Tilewright's own error says.
bool isCodecEcho(const std::string& line)
{
    return line.rfind("libpng error: ", 0) == 0 || line.rfind("libpng warning: ", 0) == 0;
}

void writeAll(int fd, const char* data, size_t size)
{
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        size -= size_t(n);
    }
}

void forward(int from, int to)
{
    std::string line;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(from, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i) {
            line.push_back(buffer[i]);
            if (buffer[i] == '\n') {
                if (!isCodecEcho(line))
                    writeAll(to, line.data(), line.size());
                line.clear();
            }
        }
    }
    if (!line.empty() && !isCodecEcho(line))
        writeAll(to, line.data(), line.size());
    ::close(from);
}

}  // namespace

bool filterCodecLinesOnStderr()
{
    std::lock_guard<std::mutex> lock(guard);
    if (originalStderr >= 0)
        return true;
    const char* preload = std::getenv("LD_PRELOAD");
    if (preload && (std::strstr(preload, "asan") || std::strstr(preload, "ubsan")))
        return false;
    int pipeEnds[2];
    if (::pipe2(pipeEnds, O_CLOEXEC) != 0)
        return false;
    originalStderr = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (originalStderr < 0 || ::dup2(pipeEnds[1], 2) < 0) {
        ::close(pipeEnds[0]);
        ::close(pipeEnds[1]);
        if (originalStderr >= 0)
            ::close(originalStderr);
        originalStderr = -1;
        return false;
    }
    ::close(pipeEnds[1]);  // fd 2 is now the pipe's only writing end
    forwarder = std::thread(forward, pipeEnds[0], originalStderr);
    return true;
}

void finishStderrFilter()
{
    std::lock_guard<std::mutex> lock(guard);
    if (originalStderr < 0)
        return;
    ::dup2(originalStderr, 2);  // closes the pipe's writing end: the forwarder drains and ends
    if (forwarder.joinable())
        forwarder.join();
}

}  // namespace tilewright
