#pragma once
/// @file error.h
/// The single exception type of the facade. JavaCPP's generated glue catches it
/// (as std::exception) and rethrows org.tilewright.TilewrightException with the
/// same message, so every message must already name the file and the cause.

#include <stdexcept>
#include <string>

namespace tilewright {

/// "[begin, end)": how messages show a half-open range of rows, columns or channels.
inline std::string rangeText(long long begin, long long end)
{
    return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

/// A failed facade call; `what()` reads "<file>: <cause>".
class Error : public std::runtime_error {
public:
    Error(const std::string& file, const std::string& cause)
        : std::runtime_error(file.empty() ? cause : file + ": " + cause) {}
};

}  // namespace tilewright
