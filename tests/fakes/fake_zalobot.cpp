// The Zalo Bot Platform fake: getMe, sendMessage, getUpdates (the shared UpdateQueue), setWebhook,
// getWebhookInfo, deleteWebhook, with the {ok, result, error_code, description} envelope (protocols.md B5).
// Every call is checked against the platform's rules (zalobot_spec.hpp) as it arrives: what the real
// API would refuse is answered 400 (404 for an unknown method) and recorded as a spec violation.
#include "fakes/fake_zalobot.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <random>

#include "fakes/bot_api_call.hpp"
#include "fakes/update_queue.hpp"
#include "fakes/zalobot_spec.hpp"

namespace hocvuso::fakes {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The platform takes JSON bodies; form and query values are kept as strings, as its parameters are.
nlohmann::json strings_as_json(const std::string&, const FormFields& fields) {
  auto out = nlohmann::json::object();
  for (const auto& [k, v] : fields) out[k] = v;
  return out;
}

std::string string_param(const nlohmann::json& p, const char* name) {
  if (!p.contains(name)) return {};
  return p[name].is_string() ? p[name].get<std::string>() : p[name].dump();
}

int int_param(const nlohmann::json& p, const char* name, int fallback) {
  if (!p.contains(name)) return fallback;
  if (p[name].is_number_integer()) return p[name].get<int>();
  // The documented type of getUpdates' timeout is String (B5 sources): accept "30" too.
  if (p[name].is_string()) {
    try {
      return std::stoi(p[name].get<std::string>());
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

}  // namespace

struct FakeZaloBot::State {
  explicit State(FakeZaloBotOptions o) : options(std::move(o)), updates(options.max_long_poll) {}

  FakeZaloBotOptions options;
  UpdateQueue updates;  // has its own lock

  mutable std::mutex mutex;  // everything below
  mutable std::condition_variable call_arrived;
  std::mt19937_64 rng{20251210};
  std::string webhook_url;
  std::string webhook_secret;
  std::int64_t webhook_updated_at = 0;
  std::vector<ZaloBotCall> calls;
  std::vector<std::string> violations;
  std::int64_t handed_out_next = 0;  // the queue's id after the last update handed out

  // Observer: every request, faulted or not, is recorded and checked here.
  void observe(const RecordedRequest& req) {
    const auto call = parse_bot_api_call(req, strings_as_json);
    std::lock_guard lock(mutex);
    calls.push_back({call ? call->method : req.path(), call ? call->params : nlohmann::json(), req.time});
    if (!call) {
      violations.push_back("not a Bot API path: " + req.method + " " + req.target);
    } else if (call->body_is_bad_json) {
      violations.push_back(call->method + ": body is not a JSON object");
    } else {
      for (auto& p : check_zalobot_call(call->method, call->params)) violations.push_back(std::move(p));
    }
    call_arrived.notify_all();
  }

  std::string message_id() {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(20, '0');
    for (auto& c : out) c = kDigits[rng() % 16];
    return out;
  }

  // chat_id (a String: real ids are hex strings) and text (1-2000 characters) were checked on arrival.
  FakeResponse send_message() {
    std::lock_guard lock(mutex);
    return bot_api_ok({{"message_id", message_id()}, {"date", unix_ms()}});
  }

  FakeResponse set_webhook(const nlohmann::json& p) {
    // secret_token's 8-256 characters were checked on arrival (B5).
    const std::string url = string_param(p, "url");
    const std::string secret = string_param(p, "secret_token");
    if (url.rfind("https://", 0) != 0) return bot_api_error(400, "Bad Request: url must be an HTTPS URL");
    std::lock_guard lock(mutex);
    webhook_url = url;
    webhook_secret = secret;
    webhook_updated_at = unix_ms();
    return bot_api_ok({{"url", webhook_url}, {"updated_at", webhook_updated_at}});
  }

  FakeResponse webhook_info(bool remove) {
    std::lock_guard lock(mutex);
    if (remove) {
      webhook_url.clear();
      webhook_secret.clear();
      webhook_updated_at = unix_ms();
    }
    return bot_api_ok({{"url", webhook_url}, {"updated_at", webhook_updated_at}});
  }

  bool webhook_is_set() const {
    std::lock_guard lock(mutex);
    return !webhook_url.empty();
  }
};

namespace {

boost::asio::awaitable<FakeResponse> get_updates(FakeZaloBot::State* s, nlohmann::json p) {
  // getUpdates does not work while a webhook is set (B5 sources); answered like Telegram's 409.
  if (s->webhook_is_set())
    co_return bot_api_error(409, "Conflict: can't use getUpdates method while webhook is active; "
                                 "use deleteWebhook to delete the webhook first");
  // One update object per answer and no update_id (B5): an update handed out is gone.
  std::int64_t from = 0;
  {
    std::lock_guard lock(s->mutex);
    from = s->handed_out_next;
  }
  auto batch = co_await s->updates.poll(from, 1, int_param(p, "timeout", 30));
  if (batch.empty()) {
    // The measured answer to an empty long poll (ids 70954953433, 65845760164; OpenClaw isPollingTimeout).
    co_return FakeResponse{200, R"({"ok":false,"error_code":408,"description":"Request timeout"})"};
  }
  nlohmann::json update = std::move(batch.front());
  {
    std::lock_guard lock(s->mutex);
    s->handed_out_next = std::max(s->handed_out_next, update.value("update_id", std::int64_t{0}) + 1);
  }
  update.erase("update_id");
  co_return bot_api_ok(update);
}

boost::asio::awaitable<FakeResponse> handle(FakeZaloBot::State* s, RecordedRequest req) {
  const auto call = parse_bot_api_call(req, strings_as_json);
  if (!call) co_return bot_api_error(404, "Not Found");
  if (call->token != s->options.token) co_return bot_api_error(401, "Unauthorized");
  if (call->body_is_bad_json) co_return bot_api_error(400, "Bad Request: body is not a JSON object");
  const std::string method = lower(call->method);
  const auto& p = call->params;
  // The same rules the observer recorded as violations: the platform refuses such a call.
  if (const auto problems = check_zalobot_call(call->method, p); !problems.empty()) {
    if (problems.front().rfind("unknown method", 0) == 0) co_return bot_api_error(404, "Not Found");
    co_return bot_api_error(400, "Bad Request: " + problems.front());
  }
  if (method == "getme")
    co_return bot_api_ok({{"id", s->options.bot_id}, {"account_name", s->options.account_name},
                          {"account_type", "BASIC"}, {"can_join_groups", s->options.can_join_groups}});
  if (method == "sendmessage") co_return s->send_message();
  if (method == "getupdates") co_return co_await get_updates(s, p);
  if (method == "setwebhook") co_return s->set_webhook(p);
  if (method == "getwebhookinfo") co_return s->webhook_info(/*remove=*/false);
  if (method == "deletewebhook") co_return s->webhook_info(/*remove=*/true);
  if (method == "sendphoto" || method == "sendsticker")
    co_return bot_api_ok({{"message_id", s->message_id()}, {"date", unix_ms()}});
  if (method == "sendchataction") co_return FakeResponse{200, R"({"ok":true})"};
  co_return bot_api_error(404, "Not Found");
}

}  // namespace

FakeZaloBot::FakeZaloBot(FakeZaloBotOptions options) : state_(std::make_unique<State>(std::move(options))) {
  State* s = state_.get();
  server_ = std::make_unique<FakeServer>([s](RecordedRequest req) { return handle(s, std::move(req)); },
                                         [s](const RecordedRequest& req) { s->observe(req); });
}

FakeZaloBot::~FakeZaloBot() { server_.reset(); }

std::uint16_t FakeZaloBot::port() const { return server_->port(); }
std::string FakeZaloBot::base_url() const { return server_->base_url(); }
const std::string& FakeZaloBot::token() const { return state_->options.token; }
FakeServer& FakeZaloBot::server() { return *server_; }

std::int64_t FakeZaloBot::push_update(nlohmann::json update) { return state_->updates.push(std::move(update)); }

std::int64_t FakeZaloBot::push_text(const std::string& chat_id, const std::string& from_id,
                                    const std::string& display_name, const std::string& text, bool group) {
  std::string id;
  {
    std::lock_guard lock(state_->mutex);
    id = state_->message_id();
  }
  return push_update({{"event_name", "message.text.received"},
                      {"message",
                       {{"message_id", id},
                        {"from", {{"id", from_id}, {"display_name", display_name}, {"is_bot", false}}},
                        {"chat", {{"id", chat_id}, {"chat_type", group ? "GROUP" : "PRIVATE"}}},
                        {"text", text},
                        {"date", unix_ms()}}}});
}

std::size_t FakeZaloBot::pending_updates() const { return state_->updates.pending(); }

std::string FakeZaloBot::webhook_url() const {
  std::lock_guard lock(state_->mutex);
  return state_->webhook_url;
}

std::string FakeZaloBot::webhook_secret() const {
  std::lock_guard lock(state_->mutex);
  return state_->webhook_secret;
}

std::vector<ZaloBotCall> FakeZaloBot::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->calls;
}

std::vector<ZaloBotCall> FakeZaloBot::calls(const std::string& method) const {
  std::lock_guard lock(state_->mutex);
  std::vector<ZaloBotCall> out;
  for (const auto& c : state_->calls)
    if (lower(c.method) == lower(method)) out.push_back(c);
  return out;
}

std::vector<std::string> FakeZaloBot::spec_violations() const {
  std::lock_guard lock(state_->mutex);
  return state_->violations;
}

std::vector<nlohmann::json> FakeZaloBot::sent_messages() const {
  std::vector<nlohmann::json> out;
  for (auto& c : calls("sendMessage")) out.push_back(std::move(c.params));
  return out;
}

bool FakeZaloBot::wait_for_calls(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->call_arrived.wait_for(lock, timeout, [&] {
    return static_cast<std::size_t>(std::count_if(state_->calls.begin(), state_->calls.end(), [&](const auto& c) {
             return lower(c.method) == lower(method);
           })) >= n;
  });
}

}  // namespace hocvuso::fakes
