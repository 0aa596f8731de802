// Link detection for broadcast text and the link field (link_check.hpp says why).
#include "flows/broadcast/link_check.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "bot/text/fold.hpp"

namespace hocvuso::broadcast {

namespace {

bool invisible(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 ||
         cp == 0x17B5 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE007F);
}

bool blank(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

// The NFKC (and look-alike) mappings of the characters a link is made of.
char32_t compatibility_ascii(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // full-width ASCII
  if (blank(cp)) return ' ';
  switch (cp) {
    case 0x3002: case 0xFF61: case 0x2024: case 0xFE52: case 0x2E33: case 0x0701: case 0x0702:
      return '.';
    case 0xFE55: case 0xA789: case 0x2236: case 0x02D0: case 0x0589: case 0xFE13:
      return ':';
    case 0x2044: case 0x2215: case 0x29F8: case 0x2571: case 0x27CB: case 0x3033:
      return '/';
    default:
      break;
  }
  if (cp >= 0x1D400 && cp <= 0x1D6A3) {  // mathematical bold, italic, script... A-Z a-z
    const char32_t i = (cp - 0x1D400) % 52;
    return i < 26 ? 'a' + i : 'a' + (i - 26);
  }
  if (cp >= 0x1D7CE && cp <= 0x1D7FF) return '0' + (cp - 0x1D7CE) % 10;  // mathematical digits
  if (cp >= 0x24B6 && cp <= 0x24CF) return 'a' + (cp - 0x24B6);          // circled capitals
  if (cp >= 0x24D0 && cp <= 0x24E9) return 'a' + (cp - 0x24D0);          // circled small letters
  if (cp >= 0x249C && cp <= 0x24B5) return 'a' + (cp - 0x249C);          // parenthesized small letters
  return 0;
}

bool label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool alpha(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Top-level domains that end a link in phishing and spam. Two-letter ones that are
// also Vietnamese syllables typed without marks ("co", "to", "me", "la", "de", "ai")
// count only with a path after them (t.me/…, x.co/…), so "giac.co ke gian" (a
// missing space after a full stop) is not taken for a link.
constexpr std::array<std::string_view, 70> kTlds = {
    "com", "net", "org", "info", "biz", "vn", "io", "ly", "gl", "gd", "cc", "tv", "ws", "xyz",
    "top", "site", "online", "link", "click", "app", "dev", "live", "shop", "store", "vip", "club",
    "pro", "asia", "icu", "cyou", "buzz", "fun", "work", "tk", "ml", "cf", "gq", "ru", "cn", "us",
    "uk", "page", "mobi", "name", "eu", "su", "gy", "sh", "st", "cx", "gg", "ee", "lt", "pw",
    "kim", "men", "loan", "win", "bid", "review", "racing", "stream", "trade", "party", "download",
    "cam", "rest", "bar", "cfd", "sbs"};
constexpr std::array<std::string_view, 24> kSyllableTlds = {
    "co", "to", "me", "la", "so", "de", "ai", "ga", "id", "in", "is", "do", "no", "vi",
    "tu", "ma", "mo", "nu", "ba", "bo", "ca", "cu", "ne", "li"};

bool listed(std::string_view tld, auto const& list) { return std::find(list.begin(), list.end(), tld) != list.end(); }

// One run of label characters and dots: a domain name (or an IPv4 address) that a
// phone would turn into a link?
bool domain_like(std::string_view run, bool path_follows) {
  while (!run.empty() && run.back() == '.') run.remove_suffix(1);  // a sentence's full stop
  while (!run.empty() && run.front() == '.') run.remove_prefix(1);
  std::vector<std::string_view> labels;
  for (std::size_t start = 0;;) {
    const auto dot = run.find('.', start);
    labels.push_back(run.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels.size() < 2) return false;
  for (auto l : labels) {
    if (l.empty()) return false;  // "a..b" is an ellipsis, not a name
  }
  const bool numeric = std::all_of(labels.begin(), labels.end(),
                                   [](std::string_view l) { return std::all_of(l.begin(), l.end(), digit); });
  // 1.000.000 is money; 10.0.0.1/login or :8080 is an address.
  if (numeric) return labels.size() == 4 && path_follows;
  const std::string_view tld = labels.back();
  if (labels.size() >= 3 && tld == "vn" && labels[labels.size() - 2] == "gov") return false;  // *.gov.vn
  if (listed(tld, kTlds)) return true;
  if (listed(tld, kSyllableTlds)) return path_follows;
  // Any other name of letters with a path after it: "abc.xyz/…" whatever its ending.
  return path_follows && tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), alpha);
}

// "http", "https", "ftp"… then ':' and "//", with spaces allowed between: "https ://".
bool scheme_at(std::string_view s, std::size_t colon) {
  std::size_t i = colon + 1;
  int slashes = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '/')) slashes += s[i++] == '/' ? 1 : 0;
  if (slashes < 2) return false;
  std::size_t j = colon;
  while (j > 0 && s[j - 1] == ' ') --j;
  return j > 0 && alpha(s[j - 1]);
}

}  // namespace

std::string link_view(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : text::decode_utf8(utf8)) {
    if (invisible(cp)) continue;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp));
    } else if (char32_t a = compatibility_ascii(cp)) {
      out.push_back(static_cast<char>(a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a));
    } else {
      out.push_back('\x01');
    }
  }
  return out;
}

bool has_link(std::string_view text) {
  const std::string s = link_view(text);
  for (std::size_t i = s.find(':'); i != std::string::npos; i = s.find(':', i + 1)) {
    if (scheme_at(s, i)) return true;
  }
  for (std::size_t i = s.find("www"); i != std::string::npos; i = s.find("www", i + 1)) {
    std::size_t j = i + 3;
    while (j < s.size() && s[j] == ' ') ++j;
    if ((i == 0 || !label_char(s[i - 1])) && j < s.size() && s[j] == '.') return true;
  }
  for (std::size_t i = 0; i < s.size();) {
    if (!label_char(s[i]) && s[i] != '.') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (label_char(s[j]) || s[j] == '.')) ++j;
    // A run glued to a non-ASCII letter (a Vietnamese word) is still checked from
    // where the ASCII starts: "xyzá.com" shows as a link to most phones as well.
    const bool path_follows = j < s.size() && (s[j] == '/' || s[j] == ':');
    if (domain_like(std::string_view(s).substr(i, j - i), path_follows)) return true;
    i = j;
  }
  return false;
}

bool visibly_empty(std::string_view text) {
  for (char32_t cp : text::decode_utf8(text)) {
    if (!invisible(cp) && !blank(cp)) return false;
  }
  return true;
}

std::optional<std::string> link_field_problem(std::string_view link) {
  if (!link.starts_with("https://")) return "link must be an https:// address";
  std::string_view rest = link.substr(8);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return "link must not hold a user name before '@' (the address would lead elsewhere)";
  }
  if (link.find('\\') != std::string_view::npos) return "link must not hold a backslash";
  std::string_view host = authority;
  if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return digit(c); }) ||
        std::stoi(std::string(port)) > 65535 || std::stoi(std::string(port)) == 0) {
      return "link has a bad port";
    }
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.find('.') == std::string_view::npos) return "link must name a domain, such as https://example.vn";
  std::size_t start = 0;
  for (;;) {
    const auto dot = host.find('.', start);
    const std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return "link must name a domain, such as https://example.vn";
    for (char c : label) {
      const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if (!label_char(l)) return "link must name a domain, such as https://example.vn";
    }
    if (label.size() >= 4 && (label.substr(0, 4) == "xn--" || label.substr(0, 4) == "XN--")) {
      return "link must not use an internationalized (punycode) name, a common look-alike trick";
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

}  // namespace hocvuso::broadcast
