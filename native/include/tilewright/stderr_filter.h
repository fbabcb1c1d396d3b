#pragma once
/// @file stderr_filter.h
/// Keeps codec libraries' own lines off the command's stderr. libpng prints "libpng error:
/// …" itself whenever OIIO's handler returns, and OIIO binds its symbols at load
/// (BIND_NOW), so no handler of ours can come first; the message is already in our one-line
/// error. The command routes fd 2 through a pipe whose reader drops those lines and passes
/// every other byte on. Not installed under a sanitizer, whose reports must never wait in
/// a pipe while the process aborts.

namespace tilewright {

/// Installs the filter (idempotent); false if it was not (a sanitizer is preloaded, or
/// the pipe could not be made).
bool filterCodecLinesOnStderr();

/// Puts the original stderr back and waits until everything written before is passed on.
void finishStderrFilter();

}  // namespace tilewright
