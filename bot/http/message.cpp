// Plain HTTP message helpers.
#include "bot/http/message.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace hocvuso::http {

std::string_view Request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return {};
}

Response json_error(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"error", {{"status", status}, {"code", code}, {"message", message}}}};
  return Response{status, "application/json",
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
}

Response json_ok(std::string body, int status) { return Response{status, "application/json", std::move(body), {}}; }

Response text(std::string body, std::string content_type) {
  return Response{200, std::move(content_type), std::move(body), {}};
}

}  // namespace hocvuso::http
