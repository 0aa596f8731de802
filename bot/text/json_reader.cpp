#include "bot/text/json_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "bot/text/utf8.hpp"

namespace hocvuso::text {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

JsonReader::JsonReader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) at_ = 3;  // a byte order mark, as nlohmann skips it
}

void JsonReader::fail(std::string_view what) const {
  throw JsonError(std::string(what) + " at byte " + std::to_string(at_));
}

void JsonReader::skip_space() {
  while (at_ < text_.size()) {
    const char c = text_[at_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++at_;
  }
}

JsonReader::Kind JsonReader::peek() {
  skip_space();
  if (at_ == text_.size()) fail("unexpected end of JSON");
  switch (text_[at_]) {
    case '{': return Kind::object;
    case '[': return Kind::array;
    case '"': return Kind::string;
    case 't':
    case 'f': return Kind::boolean;
    case 'n': return Kind::null;
    default:
      if (text_[at_] == '-' || is_digit(text_[at_])) return Kind::number;
      fail("not a JSON value");
  }
}

std::string JsonReader::string() {
  if (peek() != Kind::string) fail("expected a string");
  ++at_;
  std::string out;
  read_string(&out);
  return out;
}

// From just after the opening quote to just after the closing one.
void JsonReader::read_string(std::string* out) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text_.data());
  const auto* end = begin + text_.size();
  const auto* p = begin + at_;
  const auto* run = p;  // plain bytes not yet copied
  const auto flush = [&] {
    if (out) out->append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
  };
  const auto read_hex4 = [&]() -> std::uint32_t {
    if (end - p < 4) {
      at_ = static_cast<std::size_t>(end - begin);
      fail("cut-off \\u escape");
    }
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex_value(static_cast<char>(p[i]));
      if (h < 0) {
        at_ = static_cast<std::size_t>(p - begin);
        fail("bad \\u escape");
      }
      v = v << 4 | static_cast<std::uint32_t>(h);
    }
    p += 4;
    return v;
  };
  while (p < end) {
    const unsigned char c = *p;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = multibyte_length(p, end);
      if (n == 0) {
        at_ = static_cast<std::size_t>(p - begin);
        fail("invalid UTF-8 in a string");
      }
      p += n;
      continue;
    }
    flush();
    if (c == '"') {
      at_ = static_cast<std::size_t>(p + 1 - begin);
      return;
    }
    if (c < 0x20) {
      at_ = static_cast<std::size_t>(p - begin);
      fail("control character in a string");
    }
    // A backslash.
    if (end - p < 2) break;
    const char e = static_cast<char>(p[1]);
    p += 2;
    char plain = 0;
    switch (e) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': {
        std::uint32_t cp = read_hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          at_ = static_cast<std::size_t>(p - begin);
          fail("lone low surrogate");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (end - p < 2 || p[0] != '\\' || p[1] != 'u') {
            at_ = static_cast<std::size_t>(p - begin);
            fail("high surrogate without its low half");
          }
          p += 2;
          const std::uint32_t low = read_hex4();
          if (low < 0xDC00 || low > 0xDFFF) {
            at_ = static_cast<std::size_t>(p - begin);
            fail("high surrogate without its low half");
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) append_code_point(*out, cp);
        run = p;
        continue;
      }
      default:
        at_ = static_cast<std::size_t>(p - 1 - begin);
        fail("bad escape in a string");
    }
    if (out) *out += plain;
    run = p;
  }
  at_ = text_.size();
  fail("unterminated string");
}

bool JsonReader::boolean() {
  if (peek() != Kind::boolean) fail("expected true or false");
  const bool value = text_[at_] == 't';
  expect_literal(value ? "true" : "false");
  return value;
}

void JsonReader::null() {
  if (peek() != Kind::null) fail("expected null");
  expect_literal("null");
}

void JsonReader::expect_literal(std::string_view word) {
  if (text_.substr(at_, word.size()) != word) fail("not a JSON value");
  at_ += word.size();
}

std::string_view JsonReader::number() {
  if (peek() != Kind::number) fail("expected a number");
  const std::size_t start = at_;
  const auto digits = [&] {
    const std::size_t from = at_;
    while (at_ < text_.size() && is_digit(text_[at_])) ++at_;
    if (at_ == from) fail("bad number");
  };
  if (text_[at_] == '-') ++at_;
  if (at_ < text_.size() && text_[at_] == '0') {
    ++at_;  // no leading zeros: "01" ends at "0" and fails where it stands
  } else {
    digits();
  }
  if (at_ < text_.size() && text_[at_] == '.') {
    ++at_;
    digits();
  }
  if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
    ++at_;
    if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
    digits();
  }
  const std::string_view n = text_.substr(start, at_ - start);
  // A fraction or exponent too large for a double (1e400) is an error to nlohmann, so here too.
  if (n.find_first_of(".eE") != std::string_view::npos && std::isinf(std::strtod(std::string(n).c_str(), nullptr))) {
    at_ = start;
    fail("number out of range");
  }
  return n;
}

std::optional<std::int64_t> JsonReader::integer() {
  const std::string_view n = number();
  if (n.find_first_of(".eE") != std::string_view::npos) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
  if (ec != std::errc() || end != n.data() + n.size()) return std::nullopt;
  return v;
}

void JsonReader::open(char bracket) {
  skip_space();
  if (at_ == text_.size() || text_[at_] != bracket) fail(bracket == '{' ? "expected an object" : "expected an array");
  ++at_;
}

// Before a container's next member or element: false past its end (`close`), else past
// the comma that comes before any but the first.
bool JsonReader::next_item(char close, bool first) {
  const bool object = close == '}';
  skip_space();
  if (at_ == text_.size()) fail(object ? "unterminated object" : "unterminated array");
  if (text_[at_] == close) {
    ++at_;
    return false;
  }
  if (!first) {
    if (text_[at_] != ',') fail(object ? "expected , or } in an object" : "expected , or ] in an array");
    ++at_;
  }
  return true;
}

bool JsonReader::next_member(bool first, std::string& key) {
  if (!next_item('}', first)) return false;
  skip_space();
  key.clear();
  member_name(&key);
  return true;
}

// From a member's opening quote (after any whitespace) to just after its colon.
void JsonReader::member_name(std::string* key) {
  if (at_ == text_.size() || text_[at_] != '"') fail("expected a member name");
  ++at_;
  read_string(key);
  skip_space();
  if (at_ == text_.size() || text_[at_] != ':') fail("expected : after a member name");
  ++at_;
}

// Iterative, so a deeply nested text costs a byte of `open` a level, not a stack frame.
void JsonReader::skip() {
  std::string open;  // '{' or '[' for each container we are inside
  for (;;) {
    // One value at the cursor; containers push and come back here for their first element.
    switch (peek()) {
      case Kind::object:
        ++at_;
        if (!next_item('}', true)) break;  // {}
        open += '{';
        member_name(nullptr);
        continue;
      case Kind::array:
        ++at_;
        if (!next_item(']', true)) break;  // []
        open += '[';
        continue;
      case Kind::string:
        ++at_;
        read_string(nullptr);
        break;
      case Kind::number: number(); break;
      case Kind::boolean: boolean(); break;
      case Kind::null: null(); break;
    }
    // After a value: close what ends here, then stop, or go on to the next value.
    for (;;) {
      if (open.empty()) return;
      const char close = open.back() == '{' ? '}' : ']';
      if (!next_item(close, false)) {
        open.pop_back();
        continue;
      }
      if (close == '}') {
        skip_space();
        member_name(nullptr);
      }
      break;
    }
  }
}

void JsonReader::end() {
  skip_space();
  if (at_ != text_.size()) fail("text after the JSON value");
}

}  // namespace hocvuso::text
