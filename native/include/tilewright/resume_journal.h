#pragma once
/// @file resume_journal.h
/// What a resumable job has durably written, kept beside its partial file so that the
/// same job, run again after a crash, a reboot or SIGKILL, continues where it stopped.
///
/// The files of a TIFF job (the output, and each pyramid level's scratch file) grow by
/// appending compressed chunks in an order that does not depend on how the job was cut
/// into bands; so a checkpoint needs only each file's chunks (index, size) in the order
/// they were appended and its length. Replaying those appends through libtiff gives it
/// back exactly the state it had (FastTiffOutput::replay), and the bytes that follow are
/// those an uninterrupted run would write.
///
/// Format (little-endian): a header — "TWRESUME", format version, the job's key, CRC-32 —
/// then checkpoints, each a length, a CRC-32 and a payload: rows of the image durable, then
/// per file its length and the chunks appended since the previous checkpoint. A checkpoint
/// is appended and fdatasync'd only after the files it describes are; a torn last one (the
/// power went during its write) is ignored, any other damage discards the journal.
///
/// The journal is made at the first checkpoint, so a job that failed before it had made
/// anything durable leaves none (and its owner removes the partial file). The partial file
/// is locked (flock) while a job holds it: a second process running the same job is refused
/// instead of writing the same files.

#include <cstdint>
#include <string>
#include <vector>

namespace tilewright {

/// One compressed chunk (tile or strip) as appended to a file.
struct ChunkRecord {
    uint32_t index;  ///< TIFF tile or strip number
    uint32_t size;   ///< bytes
};

/// How far one file of the job got: its length, and its chunks in the order appended.
struct FileProgress {
    uint64_t length = 0;
    std::vector<ChunkRecord> chunks;
};

class ResumeJournal {
public:
    /// Reads the journal at `path`, if any, for the job `key`, locking `partialPath`; errors
    /// name `displayPath`.
    ResumeJournal(const std::string& path, const std::string& key, const std::string& partialPath,
                  const std::string& displayPath);
    ~ResumeJournal();

    ResumeJournal(const ResumeJournal&) = delete;
    ResumeJournal& operator=(const ResumeJournal&) = delete;

    /// Rows of the image an earlier run made durable (0 when starting fresh).
    long long rowsDone() const { return rowsDone_; }
    /// Each file's durable progress, the output first and then pyramid levels 1, 2, …;
    /// empty when starting fresh.
    const std::vector<FileProgress>& files() const { return files_; }
    /// Whether an earlier run left anything to continue from.
    bool hasProgress() const { return !files_.empty(); }
    /// Why the journal found was not used ("" when there was none or it was used).
    const std::string& discardedBecause() const { return discardedBecause_; }

    /// Forgets every checkpoint (the job starts over), saying why.
    void startOver(const std::string& reason);
    /// Appends a checkpoint — `rowsDone` rows durable; per file, its length now and the
    /// chunks appended since the last checkpoint — and makes it durable.
    void checkpoint(long long rowsDone, const std::vector<FileProgress>& appended);

private:
    void read();
    /// Creates the journal with its header (at the first checkpoint).
    void create();
    void writeAll(const void* data, size_t size, uint64_t offset);
    void sync();
    [[noreturn]] void fail(const std::string& what);

    std::string path_;
    std::string key_;
    std::string displayPath_;
    int fd_ = -1;      ///< the journal, once it exists
    int lockFd_ = -1;  ///< the partial file, locked while this job holds it
    uint64_t end_ = 0;  ///< where the next checkpoint goes
    long long rowsDone_ = 0;
    std::vector<FileProgress> files_;
    std::string discardedBecause_;
};

}  // namespace tilewright
