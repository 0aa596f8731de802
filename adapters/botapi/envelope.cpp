// The Bot API envelope and retry rules, shared by Telegram and the Zalo Bot Platform.
#include "adapters/botapi/envelope.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace hocvuso::botapi {

namespace {
using nlohmann::json;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The envelope is read defensively: a field of an unexpected type (a string "400",
// a null description) must not throw, or the sender would retry in a tight loop.
bool bool_field(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}
std::int64_t int_field(const json& o, const char* key, std::int64_t fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {
    std::int64_t v = 0;
    const auto& s = it->get_ref<const std::string&>();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
  }
  return fallback;
}
std::string string_field(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

SendResult classify(const ApiResponse& response) {
  SendResult r;
  if (response.status >= 500) {
    r.verdict = Verdict::retry;
    r.detail = "HTTP " + std::to_string(response.status);
    return r;
  }
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    // A proxy's HTML error page or a cut-off body: not the platform's word, so try again.
    r.verdict = Verdict::retry;
    r.detail = "HTTP " + std::to_string(response.status) + " without a JSON envelope";
    return r;
  }
  if (bool_field(doc, "ok")) {
    r.verdict = Verdict::delivered;
    if (const auto& res = doc["result"]; res.is_object() && res.contains("message_id")) {
      const auto& id = res["message_id"];
      r.platform_message_id = id.is_string() ? id.get<std::string>() : id.dump();
    }
    return r;
  }
  const auto code = int_field(doc, "error_code", response.status);
  r.detail = string_field(doc, "description");
  const json params = doc.contains("parameters") && doc["parameters"].is_object() ? doc["parameters"] : json::object();
  // Match on the code and `parameters` first; the description is only a hint (A4).
  if (code == 429) {
    r.verdict = Verdict::retry_after;
    r.retry_after = std::chrono::seconds(std::max<std::int64_t>(1, int_field(params, "retry_after", 1)));
  } else if (params.contains("migrate_to_chat_id") && int_field(params, "migrate_to_chat_id", 0) != 0) {
    r.verdict = Verdict::migrated;
    r.new_chat_id = std::to_string(int_field(params, "migrate_to_chat_id", 0));
  } else if (code == 403 || (code == 400 && contains(r.detail, "chat not found"))) {
    // Blocked, kicked, deactivated, never started: permanent until the person comes back.
    r.verdict = Verdict::chat_inactive;
  } else if (code >= 500) {
    r.verdict = Verdict::retry;
  } else {
    r.verdict = Verdict::failed;  // 400 bad request, 401 bad token, 404: retrying cannot help
  }
  return r;
}

Result<std::vector<PolledUpdate>> parse_updates(const Result<ApiResponse>& answer) {
  // The words of these problems are the polling loop's log line.
  if (!answer) return Problem{"no_answer", "getUpdates answered HTTP 0: " + answer.problem().message};
  const ApiResponse& response = *answer;
  if (response.status != 200 && response.status != 408) {
    return Problem{"http_status", "getUpdates answered HTTP " + std::to_string(response.status)};
  }
  json doc = json::parse(response.body, nullptr, false);
  if (!doc.is_object()) return Problem{"bad_answer", "getUpdates answer is not a JSON object"};
  // The Zalo Bot Platform answers a long poll that found nothing with HTTP 200
  // {"ok":false,"error_code":408,"description":"Request timeout"} (measured on the real
  // API; OpenClaw's isPollingTimeout): no updates, not a failure. Telegram never sends it.
  // Seen as HTTP 200; an HTTP 408 with the same body is read the same way.
  if (!bool_field(doc, "ok") && int_field(doc, "error_code", 0) == 408) return std::vector<PolledUpdate>{};
  if (response.status != 200) return Problem{"http_status", "getUpdates answered HTTP 408"};
  if (!doc.value("ok", false)) {
    return Problem{"refused", "getUpdates refused: " + doc.value("description", std::string("(no description)"))};
  }
  json result = doc.contains("result") ? doc["result"] : json::array();
  if (result.is_object()) result = json::array({result});  // one update per answer (Zalo Bot Platform)
  if (!result.is_array()) return Problem{"bad_answer", "getUpdates result is neither an array nor an object"};
  std::vector<PolledUpdate> out;
  for (const auto& u : result) {
    PolledUpdate p;
    if (u.contains("update_id") && u["update_id"].is_number_integer()) p.update_id = u["update_id"].get<std::int64_t>();
    p.body = u.dump();
    out.push_back(std::move(p));
  }
  return out;
}

ApiRequest call(std::string_view token, std::string_view method, std::string body) {
  ApiRequest req;
  req.path = "/bot" + std::string(token) + "/" + std::string(method);
  req.body = std::move(body);
  req.api_method = std::string(method);
  return req;
}

std::string json_chat_id(std::string_view id) {
  // "007" is not the number 7: only ids that read back exactly become integers.
  const bool leading_zero = (id.size() > 1 && id[0] == '0') || (id.size() > 2 && id[0] == '-' && id[1] == '0');
  if (leading_zero) return json(std::string(id)).dump();
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
  if (ec == std::errc() && p == id.data() + id.size()) return std::to_string(v);
  return json(std::string(id)).dump();
}

}  // namespace hocvuso::botapi
