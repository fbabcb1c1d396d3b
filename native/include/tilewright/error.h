#pragma once
/// @file error.h
/// The single exception type of the facade. JavaCPP's generated glue catches it
/// (as std::exception) and rethrows org.tilewright.TilewrightException with what()
/// as the message, so every message must already name the file and the cause.
/// JavaCPP passes nothing but that string, so the kind travels in front of the
/// message as "\x1F<KIND>\x1F", which TilewrightException's string constructor
/// takes off again; C++ code that shows a message uses message(), never what().

#include <stdexcept>
#include <string>

namespace tilewright {

/// "[begin, end)": how messages show a half-open range of rows, columns or channels.
inline std::string rangeText(long long begin, long long end)
{
    return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

/// What sort of failure an Error reports; mirrors TilewrightException.Kind by name.
enum class ErrorKind { BadInput, BadOutput, BadArgument, Limit, Cancelled, Interrupted, Failed };

/// The Java name of `kind` (TilewrightException.Kind's constant).
const char* errorKindName(ErrorKind kind);

/// A failed facade call; message() reads "<file>: <cause>".
class Error : public std::runtime_error {
public:
    Error(const std::string& file, const std::string& cause, ErrorKind kind = ErrorKind::Failed);

    ErrorKind kind() const { return kind_; }
    /// "<file>: <cause>", without the kind tag that what() carries to Java.
    const std::string& message() const { return message_; }

private:
    ErrorKind kind_;
    std::string message_;
};

}  // namespace tilewright
