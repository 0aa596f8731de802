#include "bot/store/outbox_body.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/text/json_string.hpp"

namespace hocvuso {

using nlohmann::json;

namespace {

using text::append_json_string;

}  // namespace

std::string encode_outgoing(const Outgoing& message) {
  std::string out = "{\"text\":";
  out.reserve(message.text.size() + 64);
  append_json_string(out, message.text);
  out += ",\"buttons\":[";
  for (std::size_t r = 0; r < message.buttons.size(); ++r) {
    out += r == 0 ? "[" : ",[";
    for (std::size_t b = 0; b < message.buttons[r].size(); ++b) {
      out += b == 0 ? "{\"label\":" : ",{\"label\":";
      append_json_string(out, message.buttons[r][b].label);
      out += ",\"payload\":";
      append_json_string(out, message.buttons[r][b].payload);
      out += '}';
    }
    out += ']';
  }
  out += ']';
  if (message.reply_to) {
    out += ",\"reply_to\":";
    append_json_string(out, *message.reply_to);
  }
  if (!message.link_preview) out += ",\"link_preview\":false";
  out += '}';
  return out;
}

Outgoing decode_outgoing(Channel channel, std::string chat_id, std::string_view body_text) {
  try {
    const json body = json::parse(body_text);
    Outgoing m;
    m.chat = ChatRef{channel, std::move(chat_id)};
    m.text = body.at("text").get<std::string>();
    for (const auto& r : body.at("buttons")) {
      std::vector<Button> row;
      for (const auto& b : r) row.push_back({b.at("label").get<std::string>(), b.at("payload").get<std::string>()});
      m.buttons.push_back(std::move(row));
    }
    if (body.contains("reply_to")) m.reply_to = body["reply_to"].get<std::string>();
    m.link_preview = body.value("link_preview", true);
    return m;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("unreadable outbox body: ") + e.what());
  }
}

std::string encode_options(const ButtonRows& rows) {
  std::string out = "[";
  for (const auto& row : rows) {
    for (const auto& b : row) {
      out += out.size() == 1 ? "{\"label\":" : ",{\"label\":";
      append_json_string(out, b.label);
      out += ",\"payload\":";
      append_json_string(out, b.payload);
      out += '}';
    }
  }
  return out + "]";
}

}  // namespace hocvuso
