// Console channel translation.
#include "adapters/console/console.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/core/options.hpp"

namespace hocvuso::console {

namespace {
using nlohmann::json;

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> k = {"user", "name", "text", "button", "chat", "chat_type", "chat_title"};
  return k;
}

}  // namespace

Result<Incoming> parse_jsonl(std::string_view line) {
  json doc;
  try {
    doc = json::parse(line);
  } catch (const json::parse_error& e) {
    return Problem{"bad_line", std::string("not valid JSON: ") + e.what()};
  }
  if (!doc.is_object()) return Problem{"bad_line", std::string("each line must be a JSON object")};
  for (const auto& [key, value] : doc.items()) {
    if (std::find(known_keys().begin(), known_keys().end(), key) == known_keys().end()) {
      return Problem{"bad_line", "unknown key \"" + key + "\""};
    }
    if (!value.is_string()) return Problem{"bad_line", "\"" + key + "\" must be a string"};
  }
  auto get = [&](const char* key) { return doc.contains(key) ? doc[key].get<std::string>() : std::string(); };

  Incoming in;
  in.chat.channel = Channel::console;
  in.sender_id = get("user");
  if (in.sender_id.empty()) return Problem{"bad_line", "\"user\" is required"};
  in.sender_name = get("name");
  in.text = get("text");
  in.button_payload = get("button");
  if (in.text.empty() == in.button_payload.empty()) return Problem{"bad_line", "give exactly one of \"text\" and \"button\""};

  const std::string type = doc.contains("chat_type") ? get("chat_type") : "private";
  if (type == "group") {
    in.chat_type = ChatType::group;
    in.chat.id = get("chat");
    if (in.chat.id.empty()) return Problem{"bad_line", "\"chat\" is required for a group message"};
    in.chat_title = get("chat_title");
  } else if (type == "private") {
    in.chat.id = doc.contains("chat") ? get("chat") : in.sender_id;
    if (in.chat.id != in.sender_id) return Problem{"bad_line", "a private chat's \"chat\" must equal \"user\""};
  } else {
    return Problem{"bad_line", "\"chat_type\" must be \"private\" or \"group\", not \"" + type + "\""};
  }
  return in;
}

// ordered_json: keys in the documented order (chat, text, buttons), as readers expect.
std::string render_jsonl(const std::vector<Outgoing>& replies) {
  using ojson = nlohmann::ordered_json;
  ojson out = {{"replies", ojson::array()}};
  for (const auto& r : replies) {
    ojson buttons = ojson::array();
    for (const auto& row : r.buttons) {
      ojson jrow = ojson::array();
      for (const auto& b : row) jrow.push_back({{"label", b.label}, {"payload", b.payload}});
      buttons.push_back(std::move(jrow));
    }
    ojson reply = {{"chat", r.chat.id}, {"text", r.text}, {"buttons", std::move(buttons)}};
    if (r.reply_to) reply["reply_to"] = *r.reply_to;
    out["replies"].push_back(std::move(reply));
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string render_jsonl_error(std::string_view reason) {
  nlohmann::ordered_json out = {{"replies", json::array()}, {"error", reason}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<Button> numbered_buttons(const std::vector<Outgoing>& replies) {
  std::vector<Button> out;
  for (const auto& r : replies) {
    for (const auto& row : r.buttons) out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

std::string render_text(const std::vector<Outgoing>& replies) {
  std::string out;
  int n = 0;
  for (const auto& r : replies) {
    out += r.text + "\n";
    for (const auto& row : r.buttons) {
      for (const auto& b : row) out += "   " + std::to_string(++n) + ". " + b.label + "\n";
    }
    out += "\n";
  }
  return out;
}

std::string resolve_choice(std::string_view input, const std::vector<Button>& shown) {
  // The terminal numbers every option it prints, so numbers and labels count.
  if (auto i = choose_option(input, shown, /*by_number_or_label=*/true)) return shown[*i].payload;
  return {};
}

}  // namespace hocvuso::console
