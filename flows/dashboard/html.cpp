// Escaping, templates and form decoding (html.hpp).
#include "flows/dashboard/html.hpp"

#include <stdexcept>

namespace hocvuso::dashboard {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render(std::string_view tmpl, const TemplateVars& vars) {
  std::string out;
  out.reserve(tmpl.size() * 2);
  std::size_t pos = 0;
  while (true) {
    const auto open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    out.append(tmpl.substr(pos, open - pos));
    const bool raw = tmpl.substr(open, 3) == "{{{";
    const std::string_view close_mark = raw ? "}}}" : "}}";
    const auto name_start = open + (raw ? 3 : 2);
    const auto close = tmpl.find(close_mark, name_start);
    if (close == std::string_view::npos) throw std::logic_error("unclosed placeholder in a template");
    const std::string_view name = tmpl.substr(name_start, close - name_start);
    const std::variant<std::string, Html>* value = nullptr;
    for (const auto& [k, v] : vars) {
      if (k == name) value = &v;
    }
    if (value == nullptr) throw std::logic_error("template placeholder without a value: " + std::string(name));
    if (raw) {
      const auto* html = std::get_if<Html>(value);
      if (html == nullptr) throw std::logic_error("{{{" + std::string(name) + "}}} needs Html");
      out += html->s;
    } else {
      const auto* text = std::get_if<std::string>(value);
      if (text == nullptr) throw std::logic_error("{{" + std::string(name) + "}} needs text");
      out += escape(*text);
    }
    pos = close + close_mark.size();
  }
  out.append(tmpl.substr(pos));
  return out;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string form_value(std::string_view encoded, std::string_view key) {
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    const auto eq = pair.find('=');
    if (decode(pair.substr(0, eq)) == key) return eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return {};
}

std::string url_encode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    }
  }
  return out;
}

}  // namespace hocvuso::dashboard
