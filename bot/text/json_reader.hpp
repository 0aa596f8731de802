// Reading JSON whose shape the caller knows, without building a document. The hot paths
// read one known shape per message (an outbox row's body, a platform's answer to
// sendMessage); a general parser builds every member of it as a tree of allocations,
// then the caller copies the few it wants out again. This reader hands the caller each
// member as it comes, copies runs of plain bytes whole, and skips what is not asked for.
//
// It accepts exactly what RFC 8259 accepts, as nlohmann::json::parse does (a leading
// UTF-8 byte order mark too): what it skips is checked as strictly as what it reads, so
// a cut-off or malformed text is an error, never half a value. tests/bot/text/
// json_reader_test.cpp compares the two on generated and mutated texts.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace hocvuso::text {

struct JsonError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class JsonReader {
 public:
  enum class Kind { object, array, string, number, boolean, null };

  explicit JsonReader(std::string_view text);

  // The kind of the next value (after whitespace); throws JsonError at the end of the text.
  Kind peek();

  // Each reads the next value, which must be of its kind, or throws JsonError.
  std::string string();
  bool boolean();
  // The number's text as written ("-12", "1.5e3"), checked against the grammar.
  std::string_view number();
  // The number when it is an integer written without fraction or exponent that fits int64.
  std::optional<std::int64_t> integer();
  void null();
  // Any value, checked, however deep.
  void skip();

  // An object: calls on_member(key) once a member, in order; on_member must read or
  // skip that member's value. Duplicate keys come once each (the caller's last wins).
  template <class F>
  void object(F&& on_member) {
    open('{');
    std::string key;
    for (bool first = true; next_member(first, key); first = false) on_member(std::as_const(key));
  }
  // An array: calls on_element() once an element; it must read or skip the element.
  template <class F>
  void array(F&& on_element) {
    open('[');
    for (bool first = true; next_item(']', first); first = false) on_element();
  }

  // Throws JsonError unless only whitespace is left.
  void end();

 private:
  void open(char bracket);
  bool next_member(bool first, std::string& key);
  bool next_item(char close, bool first);
  void read_string(std::string* out);  // nullptr: check and skip
  void member_name(std::string* key);  // nullptr: check and skip
  void expect_literal(std::string_view word);
  [[noreturn]] void fail(std::string_view what) const;
  void skip_space();

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace hocvuso::text
