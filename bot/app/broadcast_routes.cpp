// Admin API for broadcasts. Each request is one store job (authenticate, check,
// act, answer), built by an ordinary function: see the GCC 12 rule in on_store.hpp.
#include "bot/app/broadcast_routes.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/core/result.hpp"
#include "bot/store/on_store.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"

namespace hocvuso {

namespace {

using nlohmann::json;
namespace asio = boost::asio;
namespace bc = broadcast;

constexpr std::string_view kPrefix = "/api/v1/broadcasts/";

// What a store job answers: an HTTP status with either a JSON body or, for a
// refusal, the Problem that http::json_error writes ({"error": code, "message": …}).
struct Answer {
  int status = 200;
  std::optional<Problem> problem;  // set for errors
  json body;
};

Answer error(int status, Problem problem) { return {status, std::move(problem), {}}; }
Answer error(int status, std::string code, std::string message) {
  return error(status, Problem{std::move(code), std::move(message)});
}

std::string bearer_token(const http::Request& r) {
  const std::string_view h = r.header("Authorization");
  if (h.size() <= 7 || (h.substr(0, 7) != "Bearer " && h.substr(0, 7) != "bearer ")) return {};
  return std::string(h.substr(7));
}

json progress_json(const bc::Progress& p) {
  return {{"id", p.id},           {"status", p.status},       {"scope", p.scope},   {"created_at_ms", p.created_at_ms},
          {"queued", p.queued},   {"pending", p.pending},     {"sent", p.sent},     {"failed", p.failed},
          {"blocked", p.blocked}, {"cancelled", p.cancelled},
          {"complete", (p.status == "done" || p.status == "cancelled") && p.pending == 0}};
}

std::optional<bc::TokenInfo> authenticate(bc::BroadcastStore& bs, const std::string& token) {
  if (token.empty()) return std::nullopt;
  return bs.find_token(token);
}

std::string actor_of(const bc::TokenInfo& t) { return "token:" + std::to_string(t.id); }

auto job_create(std::string token, std::string body, std::shared_ptr<const Content> content, int daily_limit,
                bool require_approval) {
  return [token, body, content, daily_limit, require_approval](Store& s) -> Answer {
    const auto now = std::chrono::system_clock::now();
    auto& bs = bc::BroadcastStore::of(s);
    const auto who = authenticate(bs, token);
    if (!who) return error(401, "unauthorized", "a valid Bearer token is required");
    auto parsed = bc::parse_request(body, content->get<bc::ScamTemplates>(), content->find<places::Places>());
    if (!parsed) return error(400, parsed.problem());
    auto& req = *parsed;
    if (!bc::allows(who->scope, req.target, content->find<places::Places>())) {
      bs.audit(actor_of(*who), "refused", std::nullopt, "{\"reason\":\"outside scope\"}", now);
      return error(403, "forbidden", "the target is outside this token's scope");
    }
    if (bs.created_today(actor_of(*who), now) >= daily_limit) {
      return error(429, "daily_limit", "this token has started " + std::to_string(daily_limit) + " broadcasts today");
    }
    bc::NewBroadcast nb{actor_of(*who), bc::render_warning(content->strings, req.severity, req.text, req.link),
                        req.severity, req.link, req.target};
    const bool awaiting = require_approval && bc::needs_approval(req.target);
    bc::RecipientCounts counts;
    const std::int64_t id = bs.create(nb, now, awaiting, &counts);
    json answer = json::parse(bc::recipients_json(counts));
    answer["id"] = id;
    answer["status"] = awaiting ? "awaiting_approval" : "running";
    return {202, std::nullopt, std::move(answer)};
  };
}

// GET progress (action empty) or POST cancel/pause/resume/approve.
auto job_existing(std::string token, std::int64_t id, std::string action, std::shared_ptr<const Content> content) {
  return [token, id, action, content](Store& s) -> Answer {
    const auto now = std::chrono::system_clock::now();
    auto& bs = bc::BroadcastStore::of(s);
    const auto who = authenticate(bs, token);
    if (!who) return error(401, "unauthorized", "a valid Bearer token is required");
    const auto target = bs.target_of(id);
    if (!target) return error(404, "not_found", "no broadcast " + std::to_string(id));
    if (!bc::allows(who->scope, *target, content ? content->find<places::Places>() : nullptr) &&
        bs.author_of(id) != actor_of(*who)) {
      return error(403, "forbidden", "this broadcast is outside this token's scope");
    }
    if (action == "cancel" && !bs.cancel(id, actor_of(*who), now)) {
      return error(409, "finished", "the broadcast is already cancelled");
    }
    if (action == "approve") {
      const auto result = bs.approve(id, actor_of(*who), now);
      if (result == bc::BroadcastStore::Approval::same_officer) {
        return error(403, "same_officer", "a second officer must approve, not the author");
      }
      if (result == bc::BroadcastStore::Approval::not_waiting) {
        return error(409, "not_awaiting_approval", "the broadcast is not waiting for approval");
      }
    }
    if ((action == "pause" || action == "resume") && !bs.set_paused(id, action == "pause", actor_of(*who), now)) {
      return error(409, "wrong_state", "only a running broadcast can pause and only a paused one resume");
    }
    // The counts kept at creation (who it was meant for), beside the progress.
    json body = progress_json(*bs.progress(id));
    const json counted = json::parse(bs.recipients_of(id).value_or("{}"), nullptr, false);
    if (counted.is_object()) body.update(counted);
    return {200, std::nullopt, std::move(body)};
  };
}

http::Response respond(const Answer& a) {
  if (a.problem) {
    auto r = http::json_error(a.status, a.problem->code, a.problem->message);
    if (a.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  return http::json_ok(a.body.dump(), a.status);
}

asio::awaitable<http::Response> create(Runtime* core, http::Request r) {
  auto job = job_create(bearer_token(r), std::move(r.body), core->engine->content(), core->config.broadcast_daily_limit,
                        core->config.broadcast_require_approval != 0);
  const Answer a = co_await on_store(*core->store, std::move(job));
  co_return respond(a);
}

// "/api/v1/broadcasts/12" or ".../12/cancel" -> (12, "cancel"); nullopt when malformed.
std::optional<std::pair<std::int64_t, std::string>> split_target(std::string_view path) {
  path.remove_prefix(kPrefix.size());
  const auto slash = path.find('/');
  const std::string_view digits = path.substr(0, slash);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  return std::make_pair(id, slash == std::string_view::npos ? std::string() : std::string(path.substr(slash + 1)));
}

asio::awaitable<http::Response> existing(Runtime* core, http::Request r) {
  const auto parts = split_target(r.path());
  const bool get = r.method == "GET";
  if (!parts || (get && !parts->second.empty()) ||
      (!get && parts->second != "cancel" && parts->second != "pause" && parts->second != "resume" &&
                 parts->second != "approve")) {
    co_return http::json_error(404, "not_found", "no such broadcast resource");
  }
  auto job = job_existing(bearer_token(r), parts->first, parts->second, core->engine->content());
  const Answer a = co_await on_store(*core->store, std::move(job));
  co_return respond(a);
}

}  // namespace

void add_broadcast_routes(http::Router& router, Runtime& core) {
  Runtime* c = &core;
  router.add("POST", "/api/v1/broadcasts", [c](http::Request r) { return create(c, std::move(r)); });
  router.add("GET", "/api/v1/broadcasts/*", [c](http::Request r) { return existing(c, std::move(r)); });
  router.add("POST", "/api/v1/broadcasts/*", [c](http::Request r) { return existing(c, std::move(r)); });
}

}  // namespace hocvuso
