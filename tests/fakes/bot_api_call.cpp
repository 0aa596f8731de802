// Request parsing and the {ok, result | error_code, description} envelope shared by the Bot-API-style fakes.
#include "fakes/bot_api_call.hpp"

namespace hocvuso::fakes {

std::optional<BotApiCall> parse_bot_api_call(const RecordedRequest& req, const FormDecoder& decode) {
  const std::string path = req.path();
  if (path.rfind("/bot", 0) != 0) return std::nullopt;
  const auto slash = path.find('/', 4);
  if (slash == std::string::npos || slash + 1 >= path.size()) return std::nullopt;
  BotApiCall call;
  call.token = percent_decode(path.substr(4, slash - 4));
  call.method = path.substr(slash + 1);
  call.params = decode(call.method, parse_form(req.query()));

  const std::string type = req.header("Content-Type");
  if (type.find("application/json") != std::string::npos) {
    auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) {
      call.params.update(body);
    } else if (!req.body.empty()) {
      call.body_is_bad_json = true;
    }
  } else if (type.find("application/x-www-form-urlencoded") != std::string::npos) {
    call.params.update(decode(call.method, parse_form(req.body)));
  }
  return call;
}

FakeResponse bot_api_ok(const nlohmann::json& result) {
  return {200, nlohmann::json{{"ok", true}, {"result", result}}.dump()};
}

FakeResponse bot_api_error(int status, const std::string& description, const nlohmann::json& parameters) {
  nlohmann::json body{{"ok", false}, {"error_code", status}, {"description", description}};
  if (!parameters.is_null()) body["parameters"] = parameters;
  return {status, body.dump()};
}

}  // namespace hocvuso::fakes
