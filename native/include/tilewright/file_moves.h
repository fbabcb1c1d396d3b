#pragma once
/// @file file_moves.h
/// Moving a finished output into place without replacing what may have appeared there
/// since the job began: one atomic step (Linux renameat2 RENAME_NOREPLACE), so a file
/// created under the name during the job is never clobbered without --overwrite.

#include <string>

namespace tilewright {

/// Renames `from` to `to` unless `to` exists, atomically where the file system allows
/// (renameat2; else link and unlink for a file; else a check then a rename). Returns false,
/// changing nothing, if `to` exists; throws Error naming `to` with the system's reason on
/// any other failure.
bool moveWithoutReplacing(const std::string& from, const std::string& to);

}  // namespace tilewright
