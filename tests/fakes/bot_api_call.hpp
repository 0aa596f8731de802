// Reads a Bot-API-style request (/bot<token>/<method>, parameters in the query and/or body) and writes its envelope.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

#include "fakes/fake_server.hpp"
#include "fakes/url_form.hpp"

namespace hocvuso::fakes {

// One call as Telegram and the Zalo Bot Platform see it (protocols.md A and B5 "Zalo Bot Platform").
struct BotApiCall {
  std::string token;
  std::string method;     // as sent; the platforms compare it case-insensitively
  nlohmann::json params;  // query string merged with the body (JSON, or form-urlencoded)
  bool body_is_bad_json = false;
};

// Turns form/query fields into JSON for this method (Telegram decodes them by parameter type).
using FormDecoder = std::function<nlohmann::json(const std::string& method, const FormFields& fields)>;

// nullopt when the path is not /bot<token>/<method>.
std::optional<BotApiCall> parse_bot_api_call(const RecordedRequest& req, const FormDecoder& decode);

// {"ok":true,"result":...}
FakeResponse bot_api_ok(const nlohmann::json& result);
// {"ok":false,"error_code":status,"description":...[,"parameters":...]} with HTTP status = error_code (A3).
FakeResponse bot_api_error(int status, const std::string& description, const nlohmann::json& parameters = nullptr);

}  // namespace hocvuso::fakes
