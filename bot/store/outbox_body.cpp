#include "bot/store/outbox_body.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace hocvuso {

using nlohmann::json;

namespace {

json button_json(const Button& b) { return {{"label", b.label}, {"payload", b.payload}}; }

// Well-formed UTF-8 as Unicode's table 3-7 defines it (no overlongs, no surrogates,
// nothing above U+10FFFF): exactly what a JSON parser accepts.
bool well_formed_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) extra = 1;
    else if (c == 0xE0) extra = 2, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) extra = 2;
    else if (c == 0xED) extra = 2, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) extra = 2;
    else if (c == 0xF0) extra = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) extra = 3;
    else if (c == 0xF4) extra = 3, hi = 0x8F;
    else return false;
    if (end - p <= extra || p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += extra + 1;
  }
  return true;
}

// Appends `s` as a JSON string. The outbox encodes every reply on the store thread,
// the one every update waits on, and nlohmann's serializer walks Vietnamese text one
// code point at a time; this copies runs of plain bytes whole. Text that is not
// well-formed UTF-8 goes through nlohmann, which throws as before.
void append_json_string(std::string& out, std::string_view s) {
  if (!well_formed_utf8(s)) {
    out += json(std::string(s)).dump();
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

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
    return m;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("unreadable outbox body: ") + e.what());
  }
}

std::string encode_options(const ButtonRows& rows) {
  json flat = json::array();
  for (const auto& row : rows) {
    for (const auto& b : row) flat.push_back(button_json(b));
  }
  return flat.dump();
}

}  // namespace hocvuso
