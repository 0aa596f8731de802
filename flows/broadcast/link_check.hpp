// What a broadcast may carry: no link hidden in its text, in any of the ways a person
// can make one that a phone turns into a tap (a bare domain, "https ://", full-width
// letters), a `link` field that leads only where it says, and no text that is only
// invisible characters. These bound what a stolen officer token can send.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hocvuso::broadcast {

// The text as a link detector sees it: compatibility forms folded to ASCII (full-width
// ｈｔｔｐｓ：／／, mathematical letters, dot and slash look-alikes; the NFKC mappings
// that matter for links), invisible characters removed, ASCII lowercased, and any
// other character a '\x01' (a letter that no domain label holds).
std::string link_view(std::string_view utf8);

// True when the text holds a link: a scheme ("http://", "https ://", any "x://"),
// "www.", a domain-like token (bit.ly/…, t.me/…, vcb.com.vn; a *.gov.vn address is
// allowed, nobody else can own one), or an IPv4 address with a path or port.
bool has_link(std::string_view text);

// True when nothing visible remains once spaces and invisible characters (zero-width
// spaces and joiners, BOM, soft hyphen, bidi controls, fillers) are taken out.
bool visibly_empty(std::string_view text);

// Why an https:// link in the `link` field is refused (nullopt: fine): user info
// ("https://vcb.com.vn@evil.example": the host is evil.example), a backslash, a host
// that is not a plain domain name (punycode look-alikes included), a bad port.
std::optional<std::string> link_field_problem(std::string_view link);

}  // namespace hocvuso::broadcast
