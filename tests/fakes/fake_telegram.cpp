// The Telegram fake: routes /bot<token>/<method>, answers like the Bot API (protocols.md A3/A4) and records calls.
#include "fakes/fake_telegram.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

#include "fakes/bot_api_call.hpp"
#include "fakes/bot_api_spec.hpp"
#include "fakes/sliding_window.hpp"
#include "fakes/text_units.hpp"
#include "fakes/update_queue.hpp"

namespace hocvuso::fakes {

namespace {

enum class ChatState { normal, blocked, unknown, migrated };

struct ChatEntry {
  ChatState state = ChatState::normal;
  std::int64_t migrate_to = 0;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<std::int64_t> as_int(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Private chat ids equal the user id (positive); basic groups are negative; supergroups -100... (A2).
nlohmann::json chat_object(const nlohmann::json& chat_id) {
  if (chat_id.is_string()) return {{"id", -1000000000001}, {"type", "channel"}, {"username", chat_id.get<std::string>().substr(1)}};
  const auto id = chat_id.get<std::int64_t>();
  const char* type = id > 0 ? "private" : id <= -1000000000000 ? "supergroup" : "group";
  return {{"id", id}, {"type", type}};
}

// callback_data is 1-64 bytes of UTF-8 (A4).
bool has_bad_callback_data(const nlohmann::json& markup) {
  if (!markup.is_object() || !markup.contains("inline_keyboard") || !markup["inline_keyboard"].is_array()) return false;
  for (const auto& row : markup["inline_keyboard"]) {
    if (!row.is_array()) continue;
    for (const auto& button : row) {
      if (!button.is_object() || !button.contains("callback_data")) continue;
      const auto& data = button["callback_data"];
      if (!data.is_string() || data.get<std::string>().empty() || data.get<std::string>().size() > 64) return true;
    }
  }
  return false;
}

// secret_token: 1-256 characters from A-Z a-z 0-9 _ - (A1).
bool valid_secret(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '-'; });
}

// Webhooks need HTTPS on port 443, 80, 88 or 8443 (A1).
std::optional<std::string> webhook_url_problem(const std::string& url) {
  if (url.rfind("https://", 0) != 0) return "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
  const auto host_end = url.find('/', 8);
  const std::string host = url.substr(8, host_end == std::string::npos ? std::string::npos : host_end - 8);
  const auto colon = host.rfind(':');
  if (colon != std::string::npos) {
    const std::string port = host.substr(colon + 1);
    if (port != "443" && port != "80" && port != "88" && port != "8443")
      return "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443";
  }
  return std::nullopt;
}

}  // namespace

struct FakeTelegram::State {
  explicit State(FakeTelegramOptions o)
      : options(std::move(o)),
        spec(BotApiSpec::load(options.spec_path.empty() ? BotApiSpec::default_path() : options.spec_path)),
        updates(options.max_long_poll),
        limits(options.limits, options.clock) {}

  FakeTelegramOptions options;
  BotApiSpec spec;
  UpdateQueue updates;  // has its own lock

  mutable std::mutex mutex;  // everything below
  mutable std::condition_variable call_arrived;
  TelegramLimits limits;
  SlidingWindowLog overall_window{static_cast<std::size_t>(std::max(0, options.sliding_window_per_second)),
                                  std::chrono::seconds(1)};
  std::map<std::int64_t, SlidingWindowLog> group_windows;
  std::size_t rate_refusals = 0;
  std::map<std::int64_t, ChatEntry> chats;
  TelegramWebhook webhook;
  std::vector<TelegramCall> calls;
  // Calls per method (lower case): what wait_for_calls and call_count read. Counting `calls`
  // under the lock at every arrival cost O(n²) in a 10,000-message broadcast and held the
  // fake's handlers up long enough for senders' requests to time out.
  std::map<std::string, std::size_t> call_counts;
  std::vector<nlohmann::json> delivered;
  std::vector<std::string> violations;
  std::int64_t next_message_id = 1;

  nlohmann::json bot_user() const {
    return {{"id", options.bot_id}, {"is_bot", true}, {"first_name", options.bot_first_name},
            {"username", options.bot_username}};
  }

  FormDecoder decoder() const {
    return [this](const std::string& method, const FormFields& fields) { return spec.decode_form(method, fields); };
  }

  // Observer: every request, faulted or not, is recorded and spec-checked here.
  void observe(const RecordedRequest& req) {
    const auto call = parse_bot_api_call(req, decoder());
    std::lock_guard lock(mutex);
    if (!call) {
      violations.push_back("not a Bot API path: " + req.method + " " + req.target);
      return;
    }
    const std::string canonical = spec.canonical_name(call->method);
    calls.push_back({canonical.empty() ? call->method : canonical, call->params, req.time});
    ++call_counts[lower(calls.back().method)];
    if (call->body_is_bad_json) violations.push_back(call->method + ": body is not a JSON object");
    for (auto& p : spec.check_call(call->method, call->params)) violations.push_back(std::move(p));
    call_arrived.notify_all();
  }

  // The answer for a send or edit to chat_id, when its state (A4) refuses it.
  std::optional<FakeResponse> chat_refusal(const nlohmann::json& chat_id) {
    const auto id = as_int(chat_id);
    if (!id) return std::nullopt;
    const auto it = chats.find(*id);
    if (it == chats.end()) return std::nullopt;
    switch (it->second.state) {
      case ChatState::blocked: return bot_api_error(403, "Forbidden: bot was blocked by the user");
      case ChatState::unknown: return bot_api_error(400, "Bad Request: chat not found");
      case ChatState::migrated:
        return bot_api_error(400, "Bad Request: group chat was upgraded to a supergroup chat",
                             {{"migrate_to_chat_id", it->second.migrate_to}});
      case ChatState::normal: break;
    }
    return std::nullopt;
  }

  // Checks shared by sendMessage and editMessageText; nullopt when the text may go out.
  std::optional<FakeResponse> text_refusal(const nlohmann::json& p) {
    if (!p.contains("text") || !p["text"].is_string() || p["text"].get<std::string>().empty())
      return bot_api_error(400, "Bad Request: message text is empty");
    if (utf16_length(p["text"].get<std::string>()) > 4096) return bot_api_error(400, "Bad Request: message is too long");
    if (p.contains("reply_markup") && has_bad_callback_data(p["reply_markup"]))
      return bot_api_error(400, "Bad Request: BUTTON_DATA_INVALID");
    return std::nullopt;
  }

  // The group's window first, so a refused group message does not count against the overall one.
  int sliding_window_refusal(std::int64_t chat_id) {
    const auto now = std::chrono::steady_clock::now();
    if (chat_id < 0) {
      auto it = group_windows.try_emplace(chat_id, 20, std::chrono::minutes(1)).first;
      SlidingWindowLog probe = it->second;
      if (const int retry = probe.try_take(now); retry > 0) return retry;
      if (const int retry = overall_window.try_take(now); retry > 0) return retry;
      it->second = probe;
      return 0;
    }
    return overall_window.try_take(now);
  }

  FakeResponse send_message(const nlohmann::json& p) {
    std::lock_guard lock(mutex);
    if (!p.contains("chat_id") || !(p["chat_id"].is_number_integer() || p["chat_id"].is_string()))
      return bot_api_error(400, "Bad Request: chat_id is empty");
    if (auto refusal = chat_refusal(p["chat_id"])) return *refusal;
    if (auto refusal = text_refusal(p)) return *refusal;
    if (options.enforce_limits) {
      const auto id = as_int(p["chat_id"]).value_or(-1000000000001);
      if (const int retry = limits.try_send(id); retry > 0) {
        ++rate_refusals;
        return bot_api_error(429, "Too Many Requests: retry after " + std::to_string(retry), {{"retry_after", retry}});
      }
    }
    if (options.sliding_window_per_second > 0) {
      if (const int retry = sliding_window_refusal(as_int(p["chat_id"]).value_or(-1000000000001)); retry > 0) {
        ++rate_refusals;
        return bot_api_error(429, "Too Many Requests: retry after " + std::to_string(retry), {{"retry_after", retry}});
      }
    }
    nlohmann::json message{{"message_id", next_message_id++}, {"from", bot_user()}, {"chat", chat_object(p["chat_id"])},
                           {"date", unix_now()}, {"text", p["text"]}};
    if (p.contains("reply_markup") && p["reply_markup"].contains("inline_keyboard"))
      message["reply_markup"] = p["reply_markup"];
    delivered.push_back(message);
    return bot_api_ok(message);
  }

  FakeResponse edit_message_text(const nlohmann::json& p) {
    std::lock_guard lock(mutex);
    const bool inline_message = p.contains("inline_message_id");
    if (!inline_message && !(p.contains("chat_id") && p.contains("message_id")))
      return bot_api_error(400, "Bad Request: message identifier is not specified");
    if (!inline_message)
      if (auto refusal = chat_refusal(p["chat_id"])) return *refusal;
    if (auto refusal = text_refusal(p)) return *refusal;
    if (inline_message) return bot_api_ok(true);  // inline messages answer true, not a Message (A3)
    nlohmann::json message{{"message_id", p["message_id"]}, {"from", bot_user()}, {"chat", chat_object(p["chat_id"])},
                           {"date", unix_now()}, {"edit_date", unix_now()}, {"text", p["text"]}};
    if (p.contains("reply_markup")) message["reply_markup"] = p["reply_markup"];
    return bot_api_ok(message);
  }

  FakeResponse set_webhook(const nlohmann::json& p) {
    std::lock_guard lock(mutex);
    if (!p.contains("url") || !p["url"].is_string()) return bot_api_error(400, "Bad Request: bad webhook: url is empty");
    const std::string url = p["url"].get<std::string>();
    if (!url.empty())
      if (auto problem = webhook_url_problem(url)) return bot_api_error(400, *problem);
    if (p.contains("secret_token") && !(p["secret_token"].is_string() && valid_secret(p["secret_token"].get<std::string>())))
      return bot_api_error(400, "Bad Request: secret token contains unallowed characters");
    ++webhook.set_calls;
    webhook.url = url;  // an empty url removes the webhook (A1)
    webhook.secret_token = p.value("secret_token", std::string{});
    if (p.contains("allowed_updates")) webhook.allowed_updates = p["allowed_updates"];
    if (p.contains("max_connections") && p["max_connections"].is_number_integer())
      webhook.max_connections = p["max_connections"].get<int>();
    if (p.value("drop_pending_updates", false)) updates.clear();
    return bot_api_ok(true);
  }

  FakeResponse delete_webhook(const nlohmann::json& p) {
    std::lock_guard lock(mutex);
    ++webhook.delete_calls;
    webhook.url.clear();
    webhook.secret_token.clear();
    if (p.value("drop_pending_updates", false)) updates.clear();
    return bot_api_ok(true);
  }

  FakeResponse webhook_info() {
    std::lock_guard lock(mutex);
    nlohmann::json info{{"url", webhook.url}, {"has_custom_certificate", false},
                        {"pending_update_count", updates.pending()}};
    if (!webhook.url.empty()) info["max_connections"] = webhook.max_connections;
    if (webhook.allowed_updates.is_array()) info["allowed_updates"] = webhook.allowed_updates;
    return bot_api_ok(info);
  }

  bool webhook_is_set() const {
    std::lock_guard lock(mutex);
    return !webhook.url.empty();
  }
};

namespace {

std::int64_t int_param(const nlohmann::json& p, const char* name, std::int64_t fallback) {
  return p.contains(name) && p[name].is_number_integer() ? p[name].get<std::int64_t>() : fallback;
}

boost::asio::awaitable<FakeResponse> get_updates(FakeTelegram::State* s, nlohmann::json p) {
  // Polling and a webhook exclude each other (A1); the 409 text is what wrappers report (A3, unconfirmed).
  if (s->webhook_is_set())
    co_return bot_api_error(409, "Conflict: can't use getUpdates method while webhook is active; "
                                 "use deleteWebhook to delete the webhook first");
  auto batch = co_await s->updates.poll(int_param(p, "offset", 0), static_cast<int>(int_param(p, "limit", 100)),
                                        static_cast<int>(int_param(p, "timeout", 0)));
  co_return bot_api_ok(batch);
}

boost::asio::awaitable<FakeResponse> handle(FakeTelegram::State* s, RecordedRequest req) {
  const auto call = parse_bot_api_call(req, s->decoder());
  if (!call) co_return bot_api_error(404, "Not Found");
  if (call->token != s->options.token) co_return bot_api_error(401, "Unauthorized");
  const std::string method = lower(call->method);  // method names are case-insensitive (A)
  if (s->spec.canonical_name(method).empty()) co_return bot_api_error(404, "Not Found");
  if (call->body_is_bad_json) co_return bot_api_error(400, "Bad Request: can't parse JSON object");
  const auto& p = call->params;

  if (method == "getme") {
    auto user = s->bot_user();
    user["can_join_groups"] = s->options.can_join_groups;
    user["can_read_all_group_messages"] = s->options.can_read_all_group_messages;
    user["supports_inline_queries"] = s->options.supports_inline_queries;
    co_return bot_api_ok(user);
  }
  if (method == "sendmessage") co_return s->send_message(p);
  if (method == "editmessagetext") co_return s->edit_message_text(p);
  if (method == "setwebhook") co_return s->set_webhook(p);
  if (method == "deletewebhook") co_return s->delete_webhook(p);
  if (method == "getwebhookinfo") co_return s->webhook_info();
  if (method == "getupdates") co_return co_await get_updates(s, p);
  // answerCallbackQuery and every other real method: recorded, answered true.
  co_return bot_api_ok(true);
}

}  // namespace

FakeTelegram::FakeTelegram(FakeTelegramOptions options) : state_(std::make_unique<State>(std::move(options))) {
  State* s = state_.get();
  server_ = std::make_unique<FakeServer>([s](RecordedRequest req) { return handle(s, std::move(req)); },
                                         [s](const RecordedRequest& req) { s->observe(req); }, s->options.tls);
}

FakeTelegram::~FakeTelegram() { server_.reset(); }

std::uint16_t FakeTelegram::port() const { return server_->port(); }
std::string FakeTelegram::base_url() const { return server_->base_url(); }
const std::string& FakeTelegram::token() const { return state_->options.token; }
FakeServer& FakeTelegram::server() { return *server_; }

std::size_t FakeTelegram::rate_refusals() const {
  std::lock_guard lock(state_->mutex);
  return state_->rate_refusals;
}

std::int64_t FakeTelegram::push_update(nlohmann::json update) { return state_->updates.push(std::move(update)); }
std::size_t FakeTelegram::pending_updates() const { return state_->updates.pending(); }

void FakeTelegram::block_chat(std::int64_t chat_id) {
  std::lock_guard lock(state_->mutex);
  state_->chats[chat_id] = {ChatState::blocked, 0};
}

void FakeTelegram::forget_chat(std::int64_t chat_id) {
  std::lock_guard lock(state_->mutex);
  state_->chats[chat_id] = {ChatState::unknown, 0};
}

void FakeTelegram::migrate_chat(std::int64_t chat_id, std::int64_t to) {
  std::lock_guard lock(state_->mutex);
  state_->chats[chat_id] = {ChatState::migrated, to};
}

void FakeTelegram::reset_chat(std::int64_t chat_id) {
  std::lock_guard lock(state_->mutex);
  state_->chats.erase(chat_id);
}

TelegramWebhook FakeTelegram::webhook() const {
  std::lock_guard lock(state_->mutex);
  return state_->webhook;
}

std::vector<TelegramCall> FakeTelegram::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->calls;
}

std::vector<TelegramCall> FakeTelegram::calls(const std::string& method) const {
  std::lock_guard lock(state_->mutex);
  std::vector<TelegramCall> out;
  for (const auto& c : state_->calls)
    if (lower(c.method) == lower(method)) out.push_back(c);
  return out;
}

std::size_t FakeTelegram::call_count(const std::string& method) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->call_counts.find(lower(method));
  return it == state_->call_counts.end() ? 0 : it->second;
}

std::vector<nlohmann::json> FakeTelegram::sent_messages() const {
  std::vector<nlohmann::json> out;
  for (auto& c : calls("sendMessage")) out.push_back(std::move(c.params));
  return out;
}

std::vector<nlohmann::json> FakeTelegram::delivered_messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->delivered;
}

std::vector<std::string> FakeTelegram::spec_violations() const {
  std::lock_guard lock(state_->mutex);
  return state_->violations;
}

bool FakeTelegram::wait_for_calls(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  const std::string key = lower(method);
  return state_->call_arrived.wait_for(lock, timeout, [&] {
    const auto it = state_->call_counts.find(key);
    return it != state_->call_counts.end() && it->second >= n;
  });
}

}  // namespace hocvuso::fakes
