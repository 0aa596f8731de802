// The Telegram Bot API method table (names, parameter types, required flags) and a checker for calls against it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <string>
#include <vector>

#include "fakes/url_form.hpp"

namespace hocvuso::fakes {

class BotApiSpec {
 public:
  // Reads tests/fixtures/telegram-bot-api-methods.json (generated from PaulSonOfLars/telegram-bot-api-spec, A5).
  static BotApiSpec load(const std::string& path = default_path());
  static std::string default_path();

  const std::string& version() const { return version_; }
  std::size_t method_count() const { return methods_.size(); }

  // Method names are case-insensitive in the Bot API (protocols.md A); returns the canonical
  // spelling ("sendMessage") or "" when there is no such method.
  std::string canonical_name(const std::string& method) const;

  // Problems with one call, empty when it is valid: unknown method, unknown parameter,
  // missing required parameter, wrong JSON type.
  std::vector<std::string> check_call(const std::string& method, const nlohmann::json& params) const;

  // Form and query values are all strings on the wire; Telegram reads numbers, booleans and
  // JSON-serialized objects out of them by the parameter's declared type (A "Parameters may come
  // as a query string, form-urlencoded..."). Unknown parameters stay strings.
  nlohmann::json decode_form(const std::string& method, const FormFields& fields) const;

 private:
  struct Field {
    std::string name;
    std::vector<std::string> types;
    bool required = false;
  };
  struct Method {
    std::string name;
    std::vector<Field> fields;
  };
  const Method* find(const std::string& method) const;

  std::string version_;
  std::map<std::string, Method> methods_;  // key: lower-case name
};

}  // namespace hocvuso::fakes
