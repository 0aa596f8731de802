#include "bot/store/outbox_body.hpp"

#include <optional>
#include <stdexcept>

#include "bot/text/json_reader.hpp"
#include "bot/text/json_string.hpp"

namespace hocvuso {

using text::append_json_string;

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

// Read member by member (text::JsonReader): the sender decodes one body per delivery,
// and a parsed document cost more than the rest of the delivery's own work (callgrind).
Outgoing decode_outgoing(Channel channel, std::string chat_id, std::string_view body_text) {
  try {
    text::JsonReader in(body_text);
    Outgoing m;
    m.chat = ChatRef{channel, std::move(chat_id)};
    bool has_text = false, has_buttons = false;
    in.object([&](const std::string& key) {
      if (key == "text") {
        m.text = in.string();
        has_text = true;
      } else if (key == "buttons") {
        m.buttons.clear();
        in.array([&] {
          std::vector<Button> row;
          in.array([&] {
            std::optional<std::string> label, payload;
            in.object([&](const std::string& field) {
              auto* into = field == "label" ? &label : field == "payload" ? &payload : nullptr;
              if (into) {
                *into = in.string();
              } else {
                in.skip();
              }
            });
            if (!label || !payload) throw text::JsonError("a button without its label or payload");
            row.push_back({std::move(*label), std::move(*payload)});
          });
          m.buttons.push_back(std::move(row));
        });
        has_buttons = true;
      } else if (key == "reply_to") {
        m.reply_to = in.string();
      } else if (key == "link_preview") {
        m.link_preview = in.boolean();
      } else {
        in.skip();
      }
    });
    in.end();
    if (!has_text || !has_buttons) throw text::JsonError("no text or no buttons");
    return m;
  } catch (const text::JsonError& e) {
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
