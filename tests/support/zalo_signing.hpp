// What the end-to-end tests need to post as the Zalo platform: the OA webhook's
// signature (protocols.md B2) and its millisecond timestamps, and ids read back from
// JSON whether a fake wrote them as numbers or strings.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

namespace hocvuso::testing {

inline std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xF];
  }
  return out;
}

// X-ZEvent-Signature: "mac=" + hex sha256(app_id + body + timestamp + OA secret).
inline std::string zalo_mac(const std::string& app_id, const std::string& body, const std::string& timestamp,
                            const std::string& oa_secret) {
  return "mac=" + sha256_hex(app_id + body + timestamp + oa_secret);
}

// Now (moved by `shift`) in milliseconds since the epoch, as Zalo's timestamps are.
inline std::string now_ms(std::chrono::seconds shift = std::chrono::seconds(0)) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            (std::chrono::system_clock::now() + shift).time_since_epoch())
                            .count());
}

inline std::string id_string(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace hocvuso::testing
