#pragma once
/// @file java_string_adapter.h
/// How strings cross JNI: as UTF-16, converted here to and from the facade's UTF-8.
///
/// JavaCPP's own std::string path builds a byte[] with NewByteArray and fills it without
/// checking the result, so when the Java heap is exhausted the JVM dies of a segfault in the
/// peer instead of seeing an OutOfMemoryError. Its UTF-16 path uses NewString and
/// GetStringRegion, which fail cleanly and allocate nothing on the Java heap for arguments;
/// this adapter is what lets the peers take that path for functions of std::string.

#include <cstddef>
#include <string>

namespace tilewright {

/// UTF-8 as UTF-16. Bytes that are not UTF-8 become U+FFFD, as Java's decoder makes them.
std::u16string utf16FromUtf8(const std::string& utf8);

/// UTF-16 as UTF-8. An unpaired surrogate becomes U+FFFD.
std::string utf8FromUtf16(const char16_t* utf16, std::size_t length);

/// The JavaCPP adapter named by the peers' `@JavaString` annotation.
class JavaStringAdapter {
public:
    /// A Java argument: the null-terminated UTF-16 JavaCPP copied out of the string (null
    /// only if that copy failed, which leaves Java's exception pending; "" stands in).
    JavaStringAdapter(const char16_t* utf16, std::size_t /*size*/, void* /*owner*/)
        : utf8_(utf16 == nullptr ? std::string() : utf8FromUtf16(utf16, length(utf16)))
    {
    }

    /// A native result on its way to Java.
    explicit JavaStringAdapter(const std::string& utf8)
        : utf16_(utf16FromUtf8(utf8))
    {
        size = utf16_.size();
    }

    operator const char16_t*() const { return utf16_.c_str(); }
    operator const std::string&() const { return utf8_; }

    std::size_t size = 0;
    void* owner = nullptr;

private:
    static std::size_t length(const char16_t* utf16) { return std::char_traits<char16_t>::length(utf16); }

    std::string utf8_;
    std::u16string utf16_;
};

}  // namespace tilewright
