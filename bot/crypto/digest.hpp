// SHA-256 and random secrets as lowercase hex: API token and sign-in link hashes
// (stored instead of the secrets), Zalo webhook signatures, new tokens and links.
// One implementation on OpenSSL, so every hash the service stores or compares is
// computed the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hocvuso::crypto {

// Throws std::runtime_error if OpenSSL fails (it does not, short of a broken library).
std::string sha256_hex(std::string_view data);

// `bytes` bytes from OpenSSL's CSPRNG, as 2 * bytes hex digits. Throws if none are available.
std::string random_hex(std::size_t bytes);

}  // namespace hocvuso::crypto
