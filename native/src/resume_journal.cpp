#include "tilewright/resume_journal.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "tilewright/error.h"

namespace tilewright {

namespace {

constexpr char kMagic[8] = {'T', 'W', 'R', 'E', 'S', 'U', 'M', 'E'};
constexpr uint32_t kFormatVersion = 1;
/// A journal is small (8 bytes a chunk); anything larger than this is not one of ours.
constexpr uint64_t kLargestJournal = uint64_t(1) << 32;

void put32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void put64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }

uint32_t crc(const void* data, size_t size) { return libdeflate_crc32(0, data, size); }

/// Reads little-endian numbers from a byte range, remembering whether it ran out.
struct Cursor {
    const unsigned char* at;
    const unsigned char* end;
    bool ok = true;
    template <typename T>
    T take()
    {
        T v{};
        if (size_t(end - at) < sizeof v) {
            ok = false;
            return v;
        }
        std::memcpy(&v, at, sizeof v);
        at += sizeof v;
        return v;
    }
};

/// The parent folder of `path`, for making a new file's name durable.
std::string folderOf(const std::string& path)
{
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

ResumeJournal::ResumeJournal(const std::string& path, const std::string& key, const std::string& partialPath,
                             const std::string& displayPath)
    : path_(path), key_(key), displayPath_(displayPath)
{
    lockFd_ = ::open(partialPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (lockFd_ < 0)
        fail("cannot open its partial file " + partialPath);
    if (flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            throw Error(displayPath_, "another process is writing this output with --resume (its partial file "
                                          + partialPath + " is locked)", ErrorKind::BadOutput);
        fail("cannot lock its partial file " + partialPath);
    }
    fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        if (errno != ENOENT)
            fail("cannot open its resume journal " + path);
        return;  // nothing to continue; made at the first checkpoint
    }
    read();
}

ResumeJournal::~ResumeJournal()
{
    if (fd_ >= 0)
        ::close(fd_);
    if (lockFd_ >= 0)
        ::close(lockFd_);  // also releases the lock
}

void ResumeJournal::fail(const std::string& what)
{
    int cause = errno;
    if (fd_ >= 0)
        ::close(fd_);
    if (lockFd_ >= 0)
        ::close(lockFd_);
    fd_ = lockFd_ = -1;  // thrown from the constructor too: the destructor will not run
    throw Error(displayPath_, what + ": " + std::strerror(cause), ErrorKind::BadOutput);
}

void ResumeJournal::read()
{
    const std::string& key = key_;
    struct stat st{};
    if (fstat(fd_, &st) != 0)
        fail("cannot read its resume journal " + path_);
    if (st.st_size == 0) {
        startOver("its journal " + path_ + " is empty");
        return;
    }
    if (uint64_t(st.st_size) > kLargestJournal) {
        startOver("its journal " + path_ + " is not a Tilewright resume journal");
        return;
    }
    std::vector<unsigned char> bytes(size_t(st.st_size));
    size_t got = 0;
    while (got < bytes.size()) {
        ssize_t n = ::pread(fd_, bytes.data() + got, bytes.size() - got, off_t(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail("cannot read its resume journal " + path_);
        got += size_t(n);
    }

    Cursor header{bytes.data(), bytes.data() + bytes.size()};
    char magic[8];
    for (char& c : magic)
        c = char(header.take<uint8_t>());
    uint32_t version = header.take<uint32_t>();
    uint32_t keyLength = header.take<uint32_t>();
    if (!header.ok || std::memcmp(magic, kMagic, 8) != 0 || version != kFormatVersion
        || keyLength > size_t(header.end - header.at)) {
        startOver("its journal " + path_ + " is damaged or from another version");
        return;
    }
    std::string storedKey(reinterpret_cast<const char*>(header.at), keyLength);
    header.at += keyLength;
    uint32_t headerCrc = header.take<uint32_t>();
    if (!header.ok || headerCrc != crc(bytes.data(), size_t(header.at - bytes.data()) - 4)) {
        startOver("its journal " + path_ + " is damaged (the header fails its checksum)");
        return;
    }
    if (storedKey != key) {
        startOver("its journal is for another job (the inputs, options or Tilewright's version differ)");
        return;
    }

    std::vector<FileProgress> files;  // sized by the first checkpoint; every later one agrees
    long long rows = 0;
    int checkpoint = 0;
    Cursor record{header.at, header.end};
    while (record.at < record.end) {
        const unsigned char* start = record.at;
        uint32_t length = record.take<uint32_t>();
        uint32_t sum = record.take<uint32_t>();
        if (!record.ok || length > size_t(record.end - record.at)) {
            record.at = start;  // torn: the power went while it was written
            break;
        }
        const unsigned char* payloadEnd = record.at + length;
        if (crc(record.at, length) != sum) {
            if (payloadEnd == record.end) {
                record.at = start;  // the last one, torn
                break;
            }
            startOver("its journal " + path_ + " is damaged (checkpoint " + std::to_string(checkpoint + 1)
                      + " fails its checksum)");
            return;
        }
        Cursor payload{record.at, payloadEnd};
        rows = (long long)payload.take<uint64_t>();
        uint32_t count = payload.take<uint32_t>();
        if (files.empty() && count > 0 && count <= 64)
            files.resize(count);
        if (count != files.size())
            payload.ok = false;
        for (uint32_t f = 0; payload.ok && f < count; ++f) {
            FileProgress& file = files[f];
            file.length = payload.take<uint64_t>();
            uint32_t chunks = payload.take<uint32_t>();
            if (chunks > size_t(payload.end - payload.at) / 8) {
                payload.ok = false;
                break;
            }
            for (uint32_t c = 0; c < chunks; ++c) {
                ChunkRecord r;
                r.index = payload.take<uint32_t>();
                r.size = payload.take<uint32_t>();
                file.chunks.push_back(r);
            }
        }
        if (!payload.ok || payload.at != payload.end) {
            startOver("its journal " + path_ + " is damaged (checkpoint " + std::to_string(checkpoint + 1)
                      + " does not describe this job's files)");
            return;
        }
        record.at = payloadEnd;
        ++checkpoint;
    }
    end_ = uint64_t(record.at - bytes.data());
    if (end_ < bytes.size() && ftruncate(fd_, off_t(end_)) != 0)  // drop the torn tail before appending
        fail("cannot write its resume journal " + path_);
    rowsDone_ = rows;
    files_ = std::move(files);
}

void ResumeJournal::create()
{
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        fail("cannot create its resume journal " + path_);
    std::string header(kMagic, 8);
    put32(header, kFormatVersion);
    put32(header, uint32_t(key_.size()));
    header += key_;
    put32(header, crc(header.data(), header.size()));
    writeAll(header.data(), header.size(), 0);
    end_ = header.size();
    sync();
    // The journal's name must survive a power cut as well as its bytes.
    int folder = ::open(folderOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        fsync(folder);
        ::close(folder);
    }
}

void ResumeJournal::startOver(const std::string& reason)
{
    discardedBecause_ = reason;
    rowsDone_ = 0;
    files_.clear();
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    ::unlink(path_.c_str());  // a job that fails before its first checkpoint leaves no journal
}

void ResumeJournal::checkpoint(long long rowsDone, const std::vector<FileProgress>& appended)
{
    std::string payload;
    put64(payload, uint64_t(rowsDone));
    put32(payload, uint32_t(appended.size()));
    for (const FileProgress& file : appended) {
        put64(payload, file.length);
        put32(payload, uint32_t(file.chunks.size()));
        for (const ChunkRecord& r : file.chunks) {
            put32(payload, r.index);
            put32(payload, r.size);
        }
    }
    if (fd_ < 0)
        create();
    std::string record;
    put32(record, uint32_t(payload.size()));
    put32(record, crc(payload.data(), payload.size()));
    record += payload;
    writeAll(record.data(), record.size(), end_);
    end_ += record.size();
    sync();
    rowsDone_ = rowsDone;
}

void ResumeJournal::writeAll(const void* data, size_t size, uint64_t offset)
{
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::pwrite(fd_, p, size, off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail("cannot write its resume journal " + path_);
        p += n;
        size -= size_t(n);
        offset += uint64_t(n);
    }
}

void ResumeJournal::sync()
{
    if (fdatasync(fd_) != 0)
        fail("cannot make its resume journal " + path_ + " durable");
}

}  // namespace tilewright
