// Writing a string as a JSON string literal, fast. The hot paths (every outbox row,
// every sendMessage body) carry Vietnamese text; a general JSON serializer walks it one
// code point at a time, this copies runs of plain bytes whole.
#pragma once

#include <string>
#include <string_view>

namespace hocvuso::text {

// Appends `s` quoted and escaped as JSON (RFC 8259). Bytes that are not well-formed
// UTF-8 (table 3-7 of the Unicode standard) become U+FFFD, so the result always parses.
void append_json_string(std::string& out, std::string_view s);

}  // namespace hocvuso::text
