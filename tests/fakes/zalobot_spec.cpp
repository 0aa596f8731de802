// The Zalo Bot Platform's methods and their parameters as one table (see the header).
#include "fakes/zalobot_spec.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "fakes/text_units.hpp"

namespace hocvuso::fakes {

namespace {

enum class Kind { string, digits_or_integer };

struct Param {
  const char* name;
  Kind kind;
  bool required;
  std::size_t min_chars = 0;  // code points; 0 and 0: any length
  std::size_t max_chars = 0;
};

// The documented methods (B5): POST /bot<TOKEN>/<method>. Names as the docs spell them.
const std::map<std::string, std::vector<Param>>& methods() {
  static const std::map<std::string, std::vector<Param>> table = {
      {"getMe", {}},
      {"getUpdates", {{"timeout", Kind::digits_or_integer, false}}},
      {"setWebhook", {{"url", Kind::string, true}, {"secret_token", Kind::string, true, 8, 256}}},
      {"getWebhookInfo", {}},
      {"deleteWebhook", {}},
      {"sendMessage", {{"chat_id", Kind::string, true, 1}, {"text", Kind::string, true, 1, 2000}}},
      {"sendPhoto", {{"chat_id", Kind::string, true, 1}, {"photo", Kind::string, true, 1}, {"caption", Kind::string, false}}},
      {"sendSticker", {{"chat_id", Kind::string, true, 1}, {"sticker", Kind::string, true, 1}}},
      {"sendChatAction", {{"chat_id", Kind::string, true, 1}, {"action", Kind::string, true, 1}}},
  };
  return table;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::vector<std::string> check_zalobot_call(const std::string& method, const nlohmann::json& params) {
  const auto& table = methods();
  const auto m = std::find_if(table.begin(), table.end(), [&](const auto& e) { return lower(e.first) == lower(method); });
  if (m == table.end()) return {"unknown method " + method};
  const std::string& name = m->first;
  std::vector<std::string> problems;
  if (!params.is_object()) return {name + ": parameters are not an object"};
  for (const auto& [key, value] : params.items()) {
    const bool known = std::any_of(m->second.begin(), m->second.end(), [&](const Param& p) { return key == p.name; });
    if (!known) problems.push_back(name + ": unknown parameter " + key);
  }
  for (const Param& p : m->second) {
    if (!params.contains(p.name) || params[p.name].is_null()) {
      if (p.required) problems.push_back(name + ": " + p.name + " is required");
      continue;
    }
    const auto& v = params[p.name];
    if (p.kind == Kind::digits_or_integer) {
      if (!v.is_number_integer() && !(v.is_string() && all_digits(v.get<std::string>()))) {
        problems.push_back(name + ": " + p.name + " must be a number of seconds, not " + v.dump());
      }
      continue;
    }
    if (!v.is_string()) {
      problems.push_back(name + ": " + p.name + " must be a String, not " + v.dump());
      continue;
    }
    const std::size_t n = code_points(v.get<std::string>());
    if (n < p.min_chars || (p.max_chars != 0 && n > p.max_chars)) {
      problems.push_back(name + ": " + p.name + " has " + std::to_string(n) + " characters, allowed " +
                         std::to_string(p.min_chars) + "-" + (p.max_chars ? std::to_string(p.max_chars) : "any"));
    }
  }
  return problems;
}

}  // namespace hocvuso::fakes
