// Digit runs are classified by length and checksum; passwords are found by the words
// around them ("mật khẩu là ...") or by their look (upper, lower, digit and symbol).
#include "bot/text/secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"

namespace hocvuso::text {

namespace {

struct Replacement {
  std::size_t begin;
  std::size_t end;
  const char* placeholder;
};

constexpr const char* kPhone = "[số điện thoại]";
constexpr const char* kIdentity = "[số định danh]";
constexpr const char* kCard = "[số thẻ]";
constexpr const char* kCode = "[mã]";
constexpr const char* kPassword = "[mật khẩu]";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Official numbers from content are not secrets, whatever their length.
constexpr std::array<std::string_view, 12> kOfficialNumbers = {
    "112", "113", "114", "115", "156", "5656", "1414", "19000368", "18001096", "0692348560", "0693187344",
    "0693187111"};

// Words that say a nearby short code is a code (OTP, passcode, PIN).
bool mentions_code(std::string_view text) {
  const std::string folded = fold(text);
  for (const auto& w : fold_words(folded))
    if (w == "otp" || w == "passcode" || w == "pin" || w == "mk" || w == "pass" || w == "code") return true;
  for (const auto& s : syllables(text))
    if (s == "mã") return true;
  return folded.find("mat khau") != std::string::npos;
}

std::string apply(std::string_view in, std::vector<Replacement> reps) {
  std::sort(reps.begin(), reps.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t at = 0;
  for (const auto& r : reps) {
    if (r.begin < at) continue;
    out.append(in.substr(at, r.begin - at));
    out += r.placeholder;
    at = r.end;
  }
  out.append(in.substr(at));
  return out;
}

std::string mask_numbers(std::string_view s, unsigned& kinds) {
  std::vector<Replacement> reps;
  const bool code_context = mentions_code(s);
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    std::size_t begin = i;
    const bool glued_before = begin > 0 && std::isalpha(static_cast<unsigned char>(s[begin - 1])) != 0;
    if (begin > 0 && s[begin - 1] == '+') --begin;
    std::string digits;
    std::vector<std::size_t> groups{0};
    bool dotted = false;
    std::size_t end = i;
    while (end < s.size()) {
      if (is_digit(s[end])) {
        digits.push_back(s[end]);
        ++groups.back();
        ++end;
      } else if ((s[end] == ' ' || s[end] == '-' || s[end] == '.' || s[end] == ',') && end + 1 < s.size() &&
                 is_digit(s[end + 1])) {
        dotted = dotted || s[end] == '.' || s[end] == ',';
        groups.push_back(0);
        ++end;
      } else {
        break;
      }
    }
    i = end;
    // "10k", "mức2", "2fa": part of a word, not a number someone could misuse.
    if (glued_before || (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end])) != 0)) continue;
    const bool amount = dotted && groups.front() <= 3 &&
                        std::all_of(groups.begin() + 1, groups.end(), [](std::size_t g) { return g == 3; });
    const std::size_t n = digits.size();
    if (amount || std::find(kOfficialNumbers.begin(), kOfficialNumbers.end(), digits) != kOfficialNumbers.end())
      continue;
    if ((n == 10 && digits[0] == '0') || (n == 11 && digits.starts_with("84"))) {
      reps.push_back({begin, end, kPhone});
      kinds |= kSecretPhone;
    } else if (n == 12) {
      reps.push_back({begin, end, kIdentity});
      kinds |= kSecretIdentity;
    } else if (n >= 13 && n <= 19 && luhn_valid(digits)) {
      reps.push_back({begin, end, kCard});
      kinds |= kSecretCard;
    } else if (n == 6 || (code_context && n >= 4 && n <= 8 && groups.size() == 1)) {
      reps.push_back({begin, end, kCode});
      kinds |= kSecretOtp;
    }
  }
  return apply(s, std::move(reps));
}

struct Token {
  std::size_t begin;
  std::size_t end;
  std::string_view text;
};

std::vector<Token> whitespace_tokens(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) ++i;
    std::size_t j = i;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j])) == 0) ++j;
    if (j > i) out.push_back({i, j, s.substr(i, j - i)});
    i = j;
  }
  return out;
}

std::string_view trim_punct(std::string_view t) {
  while (!t.empty() && std::string_view(",.?!;\"'()").find(t.back()) != std::string_view::npos) t.remove_suffix(1);
  while (!t.empty() && std::string_view("\"'(").find(t.front()) != std::string_view::npos) t.remove_prefix(1);
  return t;
}

// `announced`: the person said "mật khẩu là …" / "mk: …". Without that, a word right
// after "mật khẩu" is usually what the password is for ("mật khẩu VNeID"), so it
// must carry a digit or a symbol to count.
bool looks_like_password(std::string_view t, bool announced) {
  if (t.size() < 4 || t.front() == '[') return false;
  bool digit = false, symbol = false, upper = false, lower = false, ascii = true;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c >= 0x80) {
      ascii = false;
    } else if (std::isdigit(c) != 0) {
      digit = true;
    } else if (std::isupper(c) != 0) {
      upper = upper || i > 0;
    } else if (std::islower(c) != 0) {
      lower = true;
    } else {
      symbol = true;
    }
  }
  if (!ascii) return false;
  if (digit || symbol) return true;
  if (!announced) return false;
  return upper || (lower && t.size() >= 6 && !is_vietnamese_syllable(t));
}

// A token no one types by chance: upper, lower, digit and symbol together.
bool strong_password_shape(std::string_view t) {
  if (t.size() < 8 || t.size() > 64 || t.find("://") != std::string_view::npos || t.find('@') == 0) return false;
  bool digit = false, symbol = false, upper = false, lower = false;
  for (char ch : t) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return false;
    digit = digit || std::isdigit(c) != 0;
    upper = upper || std::isupper(c) != 0;
    lower = lower || std::islower(c) != 0;
    symbol = symbol || std::ispunct(c) != 0;
  }
  return digit && symbol && upper && lower;
}

std::string mask_passwords(std::string_view s, unsigned& kinds) {
  std::vector<Replacement> reps;
  const auto tokens = whitespace_tokens(s);
  auto folded = [&](std::size_t k) { return fold(trim_punct(tokens[k].text)); };
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (strong_password_shape(trim_punct(tokens[k].text))) {
      reps.push_back({tokens[k].begin, tokens[k].end, kPassword});
      kinds |= kSecretPassword;
      continue;
    }
    std::string f = folded(k);
    const bool colon = !tokens[k].text.empty() && (tokens[k].text.back() == ':' || tokens[k].text.back() == '=');
    if (!f.empty() && (f.back() == ':' || f.back() == '=')) f.pop_back();
    std::size_t after = 0;
    if (f == "mk" || f == "pass" || f == "password" || f == "passcode" || f == "pin" || f == "matkhau") {
      after = k + 1;
    } else if (f == "mat" && k + 1 < tokens.size() && folded(k + 1).starts_with("khau")) {
      after = k + 2;
    }
    if (after == 0) continue;
    // The secret follows "là", ":" or "=" within a few words, or comes right after.
    bool marker = colon || (after > 0 && (tokens[after - 1].text.ends_with(":") || tokens[after - 1].text.ends_with("=")));
    for (std::size_t j = after; j < tokens.size() && j < after + 5; ++j) {
      const std::string fj = folded(j);
      if (fj == "la" || fj == ":" || fj == "=") {
        marker = true;
        continue;
      }
      const std::string_view candidate = trim_punct(tokens[j].text);
      if ((marker || j == after) && looks_like_password(candidate, marker)) {
        reps.push_back({tokens[j].begin, tokens[j].begin + candidate.size() +
                                             static_cast<std::size_t>(candidate.data() - tokens[j].text.data()),
                        kPassword});
        kinds |= kSecretPassword;
        break;
      }
      if (marker) break;
    }
  }
  return apply(s, std::move(reps));
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (!is_digit(digits[i])) return false;
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
}

std::string without_placeholders(std::string_view masked) {
  std::string out(masked);
  for (const char* p : {kPhone, kIdentity, kCard, kCode, kPassword}) {
    const std::string_view placeholder(p);
    for (std::size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at))
      out.replace(at, placeholder.size(), " ");
  }
  return out;
}

MaskedText mask_secrets(std::string_view utf8) {
  MaskedText out;
  // Passwords first: a digit run inside one ("Abc@12345") goes with it.
  const std::string passwords = mask_passwords(utf8, out.kinds);
  out.text = mask_numbers(passwords, out.kinds);
  return out;
}

}  // namespace hocvuso::text
