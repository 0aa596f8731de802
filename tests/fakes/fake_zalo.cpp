// The Zalo OA fake: CS and group sends checked against the current access token, and single-use rotating
// refresh tokens on /v4/oa/access_token (protocols.md B3, B4, B5). Errors come as HTTP 200 with "error".
#include "fakes/fake_zalo.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>

#include "fakes/text_units.hpp"
#include "fakes/url_form.hpp"

namespace hocvuso::fakes {

namespace {

constexpr const char* kCsPath = "/v3.0/oa/message/cs";
constexpr const char* kGroupPath = "/v3.0/oa/group/message";
constexpr const char* kTokenPath = "/v4/oa/access_token";

FakeResponse zalo(int error, const std::string& message, const nlohmann::json& data = nullptr) {
  nlohmann::json body{{"error", error}, {"message", message}};
  if (!data.is_null()) body["data"] = data;
  return {200, body.dump()};
}

// OAuth failures: HTTP 200 with error, error_name, error_description (B4; the codes other than -14020 are
// the fake's choice, protocols.md names none).
FakeResponse oauth_error(int error, const std::string& name, const std::string& description) {
  return {200, nlohmann::json{{"error", error}, {"error_name", name}, {"error_description", description}}.dump()};
}

std::string random_hex(std::mt19937_64& rng, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n, '0');
  for (auto& c : out) c = kDigits[rng() % 16];
  return out;
}

}  // namespace

struct FakeZalo::State {
  explicit State(FakeZaloOptions o) : options(std::move(o)) {
    valid_access.insert(options.access_token);
    current_access = options.access_token;
    current_refresh = options.refresh_token;
  }

  FakeZaloOptions options;
  mutable std::mutex mutex;  // everything below
  mutable std::condition_variable call_arrived;
  std::mt19937_64 rng{20261122};
  std::set<std::string> valid_access;
  std::map<std::string, int> dead_access;  // token -> -216, -220 or -124
  std::vector<std::string> violations;
  std::string current_access;
  std::string current_refresh;
  int refreshes = 0;
  std::set<std::string> outside_window;
  std::vector<ZaloCall> calls;
  std::vector<nlohmann::json> delivered_cs;
  std::vector<nlohmann::json> delivered_group;

  static nlohmann::json body_of(const RecordedRequest& req) {
    if (req.path() == kTokenPath) {
      auto fields = nlohmann::json::object();
      for (auto& [k, v] : parse_form(req.body)) fields[k] = v;
      return fields;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    return body.is_discarded() ? nlohmann::json(req.body) : body;
  }

  void observe(const RecordedRequest& req) {
    std::lock_guard lock(mutex);
    calls.push_back({req.path(), req.header("access_token"), body_of(req), req.time});
    call_arrived.notify_all();
  }

  // nullopt when the access_token header names a live token (B intro: a bare header, not Authorization).
  std::optional<FakeResponse> token_refusal(const std::string& token) const {
    if (valid_access.count(token) != 0) return std::nullopt;
    const auto dead = dead_access.find(token);
    if (dead != dead_access.end() && dead->second == -220) return zalo(-220, "Access token has expired");
    if (dead != dead_access.end() && dead->second == -124) return zalo(-124, "Access token invalid");
    return zalo(-216, "Access token is invalid");
  }

  FakeResponse send(const RecordedRequest& req, bool group) {
    std::lock_guard lock(mutex);
    if (auto refusal = token_refusal(req.header("access_token"))) return *refusal;
    const auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    const char* id_key = group ? "group_id" : "user_id";
    if (!body.is_object() || !body.contains("recipient") || !body["recipient"].is_object() ||
        !body["recipient"].contains(id_key) || !body["recipient"][id_key].is_string() || !body.contains("message") ||
        !body["message"].is_object())
      return zalo(-201, "Parameters are invalid");
    const std::string recipient = body["recipient"][id_key].get<std::string>();
    const auto& message = body["message"];
    if (message.contains("text")) {
      // Text is at most 2,000 characters (B3 "CS request bodies").
      if (!message["text"].is_string() || message["text"].get<std::string>().empty() ||
          code_points(message["text"].get<std::string>()) > 2000)
        return zalo(-201, "Parameters are invalid: text length must be 1-2000");
    }
    // Buttons (official v3 template pages): at most 4, titles of at most 35 characters,
    // each {title, type, payload}; none in GMF groups.
    if (message.contains("attachment")) {
      if (auto why = button_violation(message["attachment"], group)) {
        violations.push_back(*why);
        return zalo(-201, "Parameters are invalid: " + *why);
      }
    }
    // Group sends are not bound by the 7-day window (B5).
    if (!group && outside_window.count(recipient) != 0)
      return zalo(-230, "User has not interacted with the OA in the past 7 days");
    nlohmann::json data{{"message_id", random_hex(rng, 32)}, {id_key, recipient}};
    (group ? delivered_group : delivered_cs).push_back(body);
    return zalo(0, "Success", data);
  }

  static std::optional<std::string> button_violation(const nlohmann::json& attachment, bool group) {
    if (group) return "a template attachment in a group message";
    if (!attachment.is_object() || attachment.value("type", "") != "template")
      return "an attachment whose type is not \"template\": " + attachment.dump();
    const auto* buttons = attachment.is_object() && attachment.contains("payload") && attachment["payload"].is_object() &&
                                  attachment["payload"].contains("buttons")
                              ? &attachment["payload"]["buttons"]
                              : nullptr;
    if (buttons == nullptr || !buttons->is_array() || buttons->empty()) return "attachment without buttons";
    if (buttons->size() > 4) return std::to_string(buttons->size()) + " buttons, more than 4";
    for (const auto& b : *buttons) {
      if (!b.is_object() || !b.contains("title") || !b["title"].is_string() || !b.contains("type") ||
          !b.contains("payload"))
        return "a button without title, type and payload: " + b.dump();
      const std::string title = b["title"];
      if (title.empty() || code_points(title) > 35) return "button title \"" + title + "\" over 35 characters";
      // The five button types of the v3 button pages (protocols.md, "CS request bodies").
      const std::string type = b["type"].is_string() ? b["type"].get<std::string>() : std::string();
      if (type == "oa.query.show" || type == "oa.query.hide") {
        if (!b["payload"].is_string() || b["payload"].get<std::string>().empty())
          return "an " + type + " button whose payload is not a non-empty string: " + b.dump();
      } else if (type == "oa.open.url") {
        if (!b["payload"].is_object() || !b["payload"].contains("url")) return "an oa.open.url button without payload.url";
      } else if (type != "oa.open.phone" && type != "oa.open.sms") {
        return "a button of unknown type \"" + type + "\": " + b.dump();
      }
    }
    return std::nullopt;
  }

  // grant_type=refresh_token: a new pair each time; the used refresh token dies at once (B4).
  FakeResponse issue_token(const RecordedRequest& req) {
    std::lock_guard lock(mutex);
    std::map<std::string, std::string> form;
    for (auto& [k, v] : parse_form(req.body)) form[k] = v;
    if (req.header("secret_key") != options.app_secret)
      return oauth_error(-14014, "Invalid secret key", "secret_key header does not match the app secret");
    if (form["app_id"] != options.app_id) return oauth_error(-14001, "Invalid app id", "unknown app_id");
    if (form["grant_type"] != "refresh_token")
      return oauth_error(-14001, "Invalid grant type", "the fake supports grant_type=refresh_token only");
    if (form["refresh_token"].empty() || form["refresh_token"] != current_refresh)
      return oauth_error(-14020, "Invalid refresh token", "refresh token is invalid or has been used");
    ++refreshes;
    if (options.refresh_revokes_old_access_token) {
      valid_access.erase(current_access);
      dead_access[current_access] = options.revoked_token_error;
    }
    current_access = "fake-access-token-" + std::to_string(refreshes) + "-" + random_hex(rng, 16);
    current_refresh = "fake-refresh-token-" + std::to_string(refreshes) + "-" + random_hex(rng, 16);
    valid_access.insert(current_access);
    // expires_in comes as a string in the wild (B4).
    return {200, nlohmann::json{{"access_token", current_access}, {"refresh_token", current_refresh},
                                {"expires_in", "90000"}}.dump()};
  }
};

namespace {

boost::asio::awaitable<FakeResponse> handle(FakeZalo::State* s, RecordedRequest req) {
  const std::string path = req.path();
  if (req.method == "POST" && path == kCsPath) co_return s->send(req, /*group=*/false);
  if (req.method == "POST" && path == kGroupPath) co_return s->send(req, /*group=*/true);
  if (req.method == "POST" && path == kTokenPath) co_return s->issue_token(req);
  co_return FakeResponse{404, R"({"error":404,"message":"Not Found"})"};
}

}  // namespace

FakeZalo::FakeZalo(FakeZaloOptions options) : state_(std::make_unique<State>(std::move(options))) {
  State* s = state_.get();
  server_ = std::make_unique<FakeServer>([s](RecordedRequest req) { return handle(s, std::move(req)); },
                                         [s](const RecordedRequest& req) { s->observe(req); });
}

FakeZalo::~FakeZalo() { server_.reset(); }

std::uint16_t FakeZalo::port() const { return server_->port(); }
std::string FakeZalo::base_url() const { return server_->base_url(); }
FakeServer& FakeZalo::server() { return *server_; }

std::string FakeZalo::access_token() const {
  std::lock_guard lock(state_->mutex);
  return state_->current_access;
}

std::string FakeZalo::refresh_token() const {
  std::lock_guard lock(state_->mutex);
  return state_->current_refresh;
}

int FakeZalo::refresh_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->refreshes;
}

void FakeZalo::expire_access_token(int error_code) {
  std::lock_guard lock(state_->mutex);
  state_->valid_access.erase(state_->current_access);
  state_->dead_access[state_->current_access] = error_code == -220 || error_code == -124 ? error_code : -216;
}

void FakeZalo::set_outside_window(const std::string& user_id, bool outside) {
  std::lock_guard lock(state_->mutex);
  if (outside) {
    state_->outside_window.insert(user_id);
  } else {
    state_->outside_window.erase(user_id);
  }
}

std::vector<ZaloCall> FakeZalo::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->calls;
}

std::vector<ZaloCall> FakeZalo::calls(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  std::vector<ZaloCall> out;
  for (const auto& c : state_->calls)
    if (c.path == path) out.push_back(c);
  return out;
}

std::vector<std::string> FakeZalo::spec_violations() const {
  std::lock_guard lock(state_->mutex);
  return state_->violations;
}

std::vector<nlohmann::json> FakeZalo::delivered_cs_messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->delivered_cs;
}

std::vector<nlohmann::json> FakeZalo::delivered_group_messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->delivered_group;
}

bool FakeZalo::wait_for_calls(const std::string& path, std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->call_arrived.wait_for(lock, timeout, [&] {
    return static_cast<std::size_t>(std::count_if(state_->calls.begin(), state_->calls.end(),
                                                  [&](const auto& c) { return c.path == path; })) >= n;
  });
}

}  // namespace hocvuso::fakes
