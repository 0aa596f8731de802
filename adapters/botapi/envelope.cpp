// The Bot API envelope and retry rules, shared by Telegram and the Zalo Bot Platform.
#include "adapters/botapi/envelope.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/text/json_reader.hpp"

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
// A string that holds exactly one int64 ("429"), as the envelope readers accept it.
std::optional<std::int64_t> int_in(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && p == s.data() + s.size()) return v;
  return std::nullopt;
}
std::int64_t int_field(const json& o, const char* key, std::int64_t fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) return int_in(it->get_ref<const std::string&>()).value_or(fallback);
  return fallback;
}

// The members of an answer to sendMessage that decide what the outbox does next. Read
// member by member: the answer carries the whole sent message back (text, keyboard),
// and building it as a document cost a third of a delivery (callgrind). Fields are read
// as the json-based readers above read them; a repeated member counts as its last copy.
struct Envelope {
  bool ok = false;
  std::optional<std::int64_t> error_code;
  std::string description;
  std::optional<std::int64_t> retry_after;
  std::optional<std::int64_t> migrate_to_chat_id;
  std::optional<std::string> message_id;
};

using Kind = text::JsonReader::Kind;

// As int_field: an integer, or a string that holds exactly one.
std::optional<std::int64_t> read_int(text::JsonReader& in) {
  if (in.peek() == Kind::number) return in.integer();
  if (in.peek() != Kind::string) {
    in.skip();
    return std::nullopt;
  }
  return int_in(in.string());
}

// Throws text::JsonError unless the body is one JSON object.
Envelope read_envelope(std::string_view body) {
  text::JsonReader in(body);
  Envelope e;
  const auto members_of = [&in](auto&& on_member) {
    if (in.peek() == Kind::object) {
      in.object(on_member);
    } else {
      in.skip();
    }
  };
  in.object([&](const std::string& key) {
    if (key == "ok") {
      e.ok = in.peek() == Kind::boolean ? in.boolean() : (in.skip(), false);
    } else if (key == "error_code") {
      e.error_code = read_int(in);
    } else if (key == "description") {
      e.description = in.peek() == Kind::string ? in.string() : (in.skip(), std::string());
    } else if (key == "parameters") {
      e.retry_after.reset();
      e.migrate_to_chat_id.reset();
      members_of([&](const std::string& p) {
        if (p == "retry_after") {
          e.retry_after = read_int(in);
        } else if (p == "migrate_to_chat_id") {
          e.migrate_to_chat_id = read_int(in);
        } else {
          in.skip();
        }
      });
    } else if (key == "result") {
      e.message_id.reset();
      members_of([&](const std::string& m) {
        if (m == "message_id" && in.peek() == Kind::string) {
          e.message_id = in.string();
        } else if (m == "message_id" && in.peek() == Kind::number) {
          e.message_id = std::string(in.number());
        } else {
          in.skip();
        }
      });
    } else {
      in.skip();
    }
  });
  in.end();
  return e;
}
}  // namespace

SendResult classify(const ApiResponse& response) {
  SendResult r;
  if (response.status >= 500) {
    r.verdict = Verdict::retry;
    r.detail = "HTTP " + std::to_string(response.status);
    return r;
  }
  Envelope doc;
  try {
    doc = read_envelope(response.body);
  } catch (const text::JsonError&) {
    // A proxy's HTML error page or a cut-off body: not the platform's word, so try again.
    r.verdict = Verdict::retry;
    r.detail = "HTTP " + std::to_string(response.status) + " without a JSON envelope";
    return r;
  }
  if (doc.ok) {
    r.verdict = Verdict::delivered;
    if (doc.message_id) r.platform_message_id = std::move(*doc.message_id);
    return r;
  }
  const auto code = doc.error_code.value_or(response.status);
  r.detail = std::move(doc.description);
  // Match on the code and `parameters` first; the description is only a hint (A4).
  if (code == 429) {
    r.verdict = Verdict::retry_after;
    r.retry_after = std::chrono::seconds(std::max<std::int64_t>(1, doc.retry_after.value_or(1)));
  } else if (doc.migrate_to_chat_id.value_or(0) != 0) {
    r.verdict = Verdict::migrated;
    r.new_chat_id = std::to_string(*doc.migrate_to_chat_id);
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
