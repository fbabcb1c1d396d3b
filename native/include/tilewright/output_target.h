#pragma once
/// @file output_target.h
/// Where an output goes: its final path (named in every message), the temporary path
/// the encoder writes, its kind, and for a Deep Zoom output the temporary tile folder.
///
/// Java's OutputTarget builds this once and owns every file it names: it created the
/// temporary file and folder, and renames or removes them. The engine only writes into
/// them, plus scratch files named scratchPath(...), which start with the temporary
/// file's unique stem so that the owner removes them too if a job dies half-way.

#include <string>

#include "tilewright/output_kind.h"

namespace tilewright {

class OutputTarget {
public:
    /// `kindCode` is an OutputKind code, as outputKindOf(finalPath) gave it.
    OutputTarget(const std::string& finalPath, const std::string& temporaryPath, int kindCode);

    /// The temporary tile folder of a Deep Zoom output (already created by the owner).
    void setTileFolder(const std::string& temporaryFolder) { tileFolder_ = temporaryFolder; }
    /// The resume journal of a resumable job (created or kept by the engine, removed by the owner).
    void setJournal(const std::string& journalPath) { journal_ = journalPath; }

    const std::string& finalPath() const { return finalPath_; }
    const std::string& temporaryPath() const { return temporaryPath_; }
    const std::string& tileFolder() const { return tileFolder_; }
    const std::string& journalPath() const { return journal_; }
    OutputKind kind() const { return kind_; }

    /// "<temporary stem>.<tag><extension>": a scratch file of this output (e.g. a pyramid
    /// level made while level 0 streams), with the extension its format reader expects.
    std::string scratchPath(const std::string& tag) const;

private:
    std::string finalPath_;
    std::string temporaryPath_;
    std::string tileFolder_;
    std::string journal_;
    OutputKind kind_;
};

}  // namespace tilewright
