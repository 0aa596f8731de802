// Secrets a citizen may paste into the chat by mistake (an OTP, a password or
// passcode, a bank card number, a 12-digit identity number) and phone numbers,
// replaced by a placeholder before the text is stored or logged anywhere.
#pragma once

#include <string>
#include <string_view>

namespace hocvuso::text {

enum SecretKind : unsigned {
  kSecretOtp = 1u << 0,        // a one-time code or 6-digit passcode
  kSecretPassword = 1u << 1,   // "mật khẩu là ...", or a strong-password-looking token
  kSecretCard = 1u << 2,       // 13-19 digits passing the Luhn check
  kSecretIdentity = 1u << 3,   // 12 digits: số định danh cá nhân / CCCD
  kSecretPhone = 1u << 4,      // personal data, masked but not warned about
};

struct MaskedText {
  std::string text;   // the input with every finding replaced by a placeholder
  unsigned kinds = 0;  // SecretKind bits found

  // Something the person must be told never to share (a phone number is not).
  bool needs_warning() const { return (kinds & ~static_cast<unsigned>(kSecretPhone)) != 0; }
};

MaskedText mask_secrets(std::string_view utf8);

// The masked text with its placeholders blanked: for reading what the person asked, where
// "[số điện thoại]" would add words she never wrote ("quên mật khẩu vneid, số của tôi là …"
// is not about a lost phone number).
std::string without_placeholders(std::string_view masked);

// The Luhn checksum of a string of digits (bank card numbers pass it).
bool luhn_valid(std::string_view digits);

}  // namespace hocvuso::text
