// Loads the Bot API method table and checks calls against it (types per protocols.md A5).
#include "fakes/bot_api_spec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace hocvuso::fakes {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// One spec type name against one JSON value. "InputFile" is a multipart upload; in a JSON or
// form body it can only be an "attach://<part>" reference, i.e. a string.
bool matches(const std::string& type, const nlohmann::json& value) {
  if (type.rfind("Array of ", 0) == 0) return value.is_array();
  if (type == "Integer") return value.is_number_integer();
  if (type == "Float") return value.is_number();
  if (type == "String") return value.is_string();
  if (type == "Boolean") return value.is_boolean();
  if (type == "InputFile") return value.is_string();
  if (!type.empty() && std::isupper(static_cast<unsigned char>(type[0])) != 0) return value.is_object();
  return false;
}

std::string join(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : " or ") + t;
  return out;
}

// What a form string means for a parameter of the given types; keeps the string when nothing else fits.
nlohmann::json decode_value(const std::vector<std::string>& types, const std::string& text) {
  const bool takes_string = std::find(types.begin(), types.end(), "String") != types.end();
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return text;
  for (const auto& t : types) {
    if (t == "String") continue;
    // chat_id is "Integer or String": "123" is the integer, "@name" stays a string.
    if (matches(t, parsed)) return parsed;
  }
  return takes_string ? nlohmann::json(text) : parsed;
}

// reply_markup's nested objects, which the method table does not describe: the four
// markup types and InlineKeyboardButton as the Bot API defines them (core.telegram.org/
// bots/api#inlinekeyboardmarkup). The real API refuses each of these with a 400.
const std::vector<std::string> kInlineButtonActions = {
    "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"};

void check_inline_button(const std::string& where, const nlohmann::json& b, std::vector<std::string>& problems) {
  if (!b.is_object()) {
    problems.push_back(where + " is not an InlineKeyboardButton object: " + b.dump());
    return;
  }
  if (!b.contains("text") || !b["text"].is_string() || b["text"].get<std::string>().empty())
    problems.push_back(where + ": text is missing or empty");
  int actions = 0;
  for (const auto& [name, value] : b.items()) {
    if (name == "text") continue;
    if (std::find(kInlineButtonActions.begin(), kInlineButtonActions.end(), name) == kInlineButtonActions.end()) {
      problems.push_back(where + ": unknown field " + name);
      continue;
    }
    ++actions;
    if (name == "callback_data" &&
        (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > 64))
      problems.push_back(where + ": callback_data must be 1-64 bytes, got " + value.dump());
    if (name == "url" && !value.is_string()) problems.push_back(where + ": url must be a String");
  }
  if (actions != 1) problems.push_back(where + ": exactly one action field is required, got " + std::to_string(actions));
}

void check_reply_markup(const std::string& method, const nlohmann::json& markup, std::vector<std::string>& problems) {
  const std::string where = method + ": reply_markup";
  if (!markup.is_object()) return;  // the type check above already reports it
  if (markup.contains("inline_keyboard")) {
    for (const auto& [name, value] : markup.items()) {
      if (name != "inline_keyboard") problems.push_back(where + ": unknown field " + name + " in InlineKeyboardMarkup");
    }
    const auto& rows = markup["inline_keyboard"];
    if (!rows.is_array()) {
      problems.push_back(where + ".inline_keyboard is not an Array of Array of InlineKeyboardButton");
      return;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (!rows[r].is_array()) {
        problems.push_back(where + ".inline_keyboard[" + std::to_string(r) + "] is not an array");
        continue;
      }
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        check_inline_button(where + ".inline_keyboard[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                            rows[r][c], problems);
      }
    }
    return;
  }
  if (markup.contains("keyboard")) {
    if (!markup["keyboard"].is_array()) problems.push_back(where + ".keyboard is not an array");
    return;
  }
  if (markup.contains("remove_keyboard")) {
    if (markup["remove_keyboard"] != true) problems.push_back(where + ".remove_keyboard must be true");
    return;
  }
  if (markup.contains("force_reply")) {
    if (markup["force_reply"] != true) problems.push_back(where + ".force_reply must be true");
    return;
  }
  problems.push_back(where + " is none of InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, ForceReply: " +
                     markup.dump());
}

}  // namespace

std::string BotApiSpec::default_path() { return std::string(HOCVUSO_FIXTURES_DIR) + "/telegram-bot-api-methods.json"; }

BotApiSpec BotApiSpec::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open Bot API method table " + path);
  const auto doc = nlohmann::json::parse(in);
  BotApiSpec spec;
  spec.version_ = doc.at("version").get<std::string>();
  for (const auto& [name, body] : doc.at("methods").items()) {
    Method m{name, {}};
    for (const auto& f : body.at("fields")) {
      m.fields.push_back({f.at("name").get<std::string>(), f.at("types").get<std::vector<std::string>>(),
                          f.at("required").get<bool>()});
    }
    spec.methods_.emplace(lower(name), std::move(m));
  }
  return spec;
}

const BotApiSpec::Method* BotApiSpec::find(const std::string& method) const {
  const auto it = methods_.find(lower(method));
  return it == methods_.end() ? nullptr : &it->second;
}

std::string BotApiSpec::canonical_name(const std::string& method) const {
  const auto* m = find(method);
  return m == nullptr ? std::string{} : m->name;
}

std::vector<std::string> BotApiSpec::check_call(const std::string& method, const nlohmann::json& params) const {
  std::vector<std::string> problems;
  const auto* m = find(method);
  if (m == nullptr) return {"unknown method " + method};
  if (!params.is_null() && !params.is_object()) return {m->name + ": parameters are not a JSON object"};
  const auto field_named = [m](const std::string& name) -> const Field* {
    for (const auto& f : m->fields)
      if (f.name == name) return &f;
    return nullptr;
  };
  if (params.is_object()) {
    for (const auto& [name, value] : params.items()) {
      const auto* f = field_named(name);
      if (f == nullptr) {
        problems.push_back(m->name + ": unknown parameter " + name);
        continue;
      }
      const bool ok = std::any_of(f->types.begin(), f->types.end(), [&](const auto& t) { return matches(t, value); });
      if (!ok) problems.push_back(m->name + ": parameter " + name + " should be " + join(f->types) + ", got " + value.dump());
      if (name == "reply_markup") check_reply_markup(m->name, value, problems);
    }
  }
  for (const auto& f : m->fields) {
    if (f.required && !(params.is_object() && params.contains(f.name)))
      problems.push_back(m->name + ": missing required parameter " + f.name);
  }
  return problems;
}

nlohmann::json BotApiSpec::decode_form(const std::string& method, const FormFields& fields) const {
  const auto* m = find(method);
  auto out = nlohmann::json::object();
  for (const auto& [name, text] : fields) {
    const Field* field = nullptr;
    if (m != nullptr)
      for (const auto& f : m->fields)
        if (f.name == name) field = &f;
    out[name] = field == nullptr ? nlohmann::json(text) : decode_value(field->types, text);
  }
  return out;
}

}  // namespace hocvuso::fakes
