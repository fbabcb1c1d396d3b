#pragma once
/// @file guarded_file.h
/// A file that codec libraries write through stdio and cannot fail on: libjpeg calls exit()
/// when a write fails (a full disk), ending the whole process from inside OIIO's JPEG writer,
/// and OIIO's PNG writer ignores failed writes. Handed to OIIO as its I/O proxy, this file
/// takes every write, keeps the first system error, and reports it after the codec is done.

#include <cstdio>
#include <memory>
#include <string>

#include <OpenImageIO/filesystem.h>
#include <OpenImageIO/imageio.h>

namespace tilewright {

class GuardedFile {
public:
    /// Opens `path` for writing (truncating); throws Error (BadOutput) naming it on failure.
    explicit GuardedFile(const std::string& path);
    ~GuardedFile();
    GuardedFile(const GuardedFile&) = delete;
    GuardedFile& operator=(const GuardedFile&) = delete;

    /// Makes OIIO write through this file (the "oiio:ioproxy" attribute of `spec`).
    void attachTo(OIIO::ImageSpec& spec);
    /// Flushes and closes; returns the first errno a write met (0: all bytes are on disk).
    int close();

private:
    static ssize_t write(void* cookie, const char* data, size_t size);
    static int closeCookie(void* cookie);

    std::string path_;
    int fd_ = -1;
    int error_ = 0;
    FILE* file_ = nullptr;
    std::unique_ptr<OIIO::Filesystem::IOFile> proxy_;
};

}  // namespace tilewright
