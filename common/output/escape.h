// Escaping of untrusted strings (process names, argv, paths) for text and JSON.
#pragma once
#include <string>
#include <string_view>

namespace cs {

// Text: printable ASCII and valid UTF-8 pass through; control bytes become
// \n \t \e-style escapes or \xNN, a backslash becomes "\\", and every byte of an
// invalid UTF-8 sequence becomes \xNN.
void append_text_escaped(std::string& dst, std::string_view s);
std::string text_escaped(std::string_view s);

// JSON string contents (no surrounding quotes): RFC 8259 escapes, control
// bytes as \u00NN, and each byte 0xNN of an invalid UTF-8 sequence as
// "\udcNN" (the lone surrogate U+DC00+0xNN, Python's "surrogateescape"), so
// the line always parses and the original bytes can be recovered.
void append_json_escaped(std::string& dst, std::string_view s);

// Length of the valid UTF-8 sequence starting at s[0], or 0 if invalid.
size_t utf8_sequence_length(std::string_view s);

}  // namespace cs
