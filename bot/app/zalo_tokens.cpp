// Zalo OA token rotation.
#include "bot/app/zalo_tokens.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "adapters/zalo/zalo.hpp"
#include "bot/http/client.hpp"
#include "bot/store/cluster_jobs.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso {

namespace asio = boost::asio;
using std::chrono::system_clock;

namespace {
constexpr const char* kAccess = "zalo.access_token";
constexpr const char* kRefresh = "zalo.refresh_token";
constexpr const char* kExpires = "zalo.expires_at_ms";

struct StoredTokens {
  std::string access, refresh;
  std::int64_t expires_ms = 0;
};
// Store jobs are built by ordinary functions, never as lambdas inside a coroutine
// body: GCC 12 miscompiles captures held in coroutine frames.
auto job_load(ZaloConfig cfg) {
  return [cfg](Store& s) {
    StoredTokens st;
    if (auto a = s.kv_get(kAccess)) {
      st.access = *a;
      st.refresh = s.kv_get(kRefresh).value_or("");
      st.expires_ms = std::stoll(s.kv_get(kExpires).value_or("0"));
    } else {
      // First start: the pair from configuration. From now on the store's copy wins,
      // because the configured refresh token is used up by the first refresh.
      st.access = cfg.access_token;
      st.refresh = cfg.refresh_token;
      s.kv_set(kAccess, st.access);
      s.kv_set(kRefresh, st.refresh);
      s.kv_set(kExpires, "0");
    }
    return st;
  };
}

// One node refreshes at a time across a cluster (the refresh token is single-use): a
// lease with no due time, held from before the request until the new pair is stored.
constexpr const char* kRefreshLease = "zalo.refresh";
// Longer than the refresh request's deadline and its store job: a live holder is never
// overtaken; a dead one keeps the others waiting this long.
constexpr auto kRefreshLeaseTtl = std::chrono::minutes(2);

// What the store says before this node refreshes.
struct RefreshClaim {
  enum Kind { adopt, mine, wait } kind = wait;
  StoredTokens stored;  // adopt: the pair to use
};

// Another node may have refreshed since this one read the pair (so the access token it
// has, `in_use`, is dead and the stored pair is newer: it expires later), or may be
// refreshing now. A stored pair older than the one in use (this node's last new pair could
// not be stored) is never taken back.
auto job_claim_refresh(std::string in_use, std::int64_t in_use_expires_ms) {
  return [in_use, in_use_expires_ms](Store& s) {
    RefreshClaim c;
    c.stored.access = s.kv_get(kAccess).value_or("");
    c.stored.refresh = s.kv_get(kRefresh).value_or("");
    c.stored.expires_ms = std::stoll(s.kv_get(kExpires).value_or("0"));
    if (!c.stored.access.empty() && c.stored.access != in_use && c.stored.expires_ms >= in_use_expires_ms) {
      c.kind = RefreshClaim::adopt;
    } else if (hold_cluster_lease(s, kRefreshLease, TimePoint{}, kRefreshLeaseTtl, system_clock::now())) {
      c.kind = RefreshClaim::mine;
    }
    return c;
  };
}

// The new pair and the end of this node's refresh commit together: the next node to get
// the lease finds the pair it must not refresh again.
auto job_save(zalo::TokenPair pair, std::int64_t expires_ms) {
  return [pair, expires_ms](Store& s) {
    s.kv_set(kAccess, pair.access_token);
    s.kv_set(kRefresh, pair.refresh_token);
    s.kv_set(kExpires, std::to_string(expires_ms));
    release_cluster_lease(s, kRefreshLease);
  };
}

auto job_give_up_refresh() {
  return [](Store& s) { release_cluster_lease(s, kRefreshLease); };
}

}  // namespace

ZaloTokens::ZaloTokens(StoreWorker& store, http::Client& client, const zalo::ZaloAdapter& adapter, ZaloConfig config)
    : store_(store), client_(client), adapter_(adapter), config_(std::move(config)) {}

ZaloTokens::Pair ZaloTokens::current() const {
  std::lock_guard lock(mutex_);
  return pair_;
}

void ZaloTokens::set(Pair pair, bool loaded) {
  std::lock_guard lock(mutex_);
  pair_ = std::move(pair);
  loaded_ = loaded_ || loaded;
}

bool ZaloTokens::loaded() const {
  std::lock_guard lock(mutex_);
  return loaded_;
}

bool ZaloTokens::claim_refresh() {
  std::lock_guard lock(mutex_);
  if (refreshing_) return false;
  refreshing_ = true;
  return true;
}

void ZaloTokens::end_refresh() {
  std::lock_guard lock(mutex_);
  refreshing_ = false;
}

bool ZaloTokens::refreshing() const {
  std::lock_guard lock(mutex_);
  return refreshing_;
}

namespace {
constexpr auto kWaitStep = std::chrono::milliseconds(20);
// How often a node asks whether another node's refresh is over.
constexpr auto kClusterWaitStep = std::chrono::milliseconds(250);
}  // namespace

// The configured pair is never a fallback: after the first refresh its refresh token
// is spent, and using it would end in "re-authorize the app". So a load the store
// refused (busy, full, I/O error) is tried again, and Zalo deliveries wait meanwhile.
asio::awaitable<void> ZaloTokens::load(std::chrono::milliseconds first_wait) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto wait = first_wait;
  for (;;) {
    std::string error;
    try {
      const StoredTokens t = co_await on_store(store_, job_load(config_));
      set({t.access, t.refresh, system_clock::time_point(std::chrono::milliseconds(t.expires_ms))}, true);
      co_return;
    } catch (const std::exception& e) {
      error = e.what();
    }
    spdlog::warn("zalo: cannot read the stored token pair ({}); Zalo sends wait, trying again in {} ms", error,
                 wait.count());
    timer.expires_after(wait);
    const auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // shutting down
    wait = std::min(wait * 2, std::chrono::milliseconds(kLoadRetryMax));
  }
}

asio::awaitable<void> ZaloTokens::wait_while_refreshing() {
  if (!refreshing()) co_return;
  asio::steady_timer t(co_await asio::this_coro::executor);
  while (refreshing()) {
    t.expires_after(kWaitStep);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> ZaloTokens::authorize(ApiRequest& request) {
  if (!loaded()) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    while (!loaded()) {
      t.expires_after(kWaitStep);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  co_await wait_while_refreshing();
  // expires_at of 0 means "unknown" (a configured token): use it until Zalo refuses it.
  const auto expires_at = current().expires_at;
  if (expires_at != system_clock::time_point{} && system_clock::now() + kRefreshEarly > expires_at) {
    co_await refresh_now();
  }
  request.headers.emplace_back("access_token", current().access);
}

asio::awaitable<bool> ZaloTokens::refresh(const ApiRequest& failed) {
  // Several deliveries may fail with the same token at once: the first refreshes, the
  // others wait for it and then find the token changed.
  co_await wait_while_refreshing();
  std::string used;
  for (const auto& [name, value] : failed.headers) {
    if (name == "access_token") used = value;
  }
  const std::string access = current().access;
  if (used != access && !access.empty()) co_return true;  // already replaced: retry with the new one
  co_return co_await refresh_now();
}

asio::awaitable<bool> ZaloTokens::refresh_now() {
  if (!claim_refresh()) {  // another delivery is refreshing: use what it gets
    co_await wait_while_refreshing();
    co_return !current().access.empty();
  }
  // Whatever leaves this frame (an answer, an error, an exception, a cancelled coroutine
  // destroyed mid-wait) ends the refresh, so no delivery waits for ever.
  struct EndOnExit {
    ZaloTokens* tokens;
    ~EndOnExit() { tokens->end_refresh(); }
  } end_on_exit{this};

  // The cluster's turn: the store's pair, when another node has replaced the one this
  // node holds; else this node's lease to spend the refresh token, or a wait for the node
  // that has it.
  // Given the lease, the pair in use is the newest there is (or the stored one would have
  // been taken): its refresh token is the one to spend.
  const Pair held = current();
  const std::string refresh_token = held.refresh;
  const auto held_expires_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(held.expires_at.time_since_epoch()).count();
  // Refreshing without the store could spend a token another node is spending, so a store
  // that fails is asked again, for as long as a stored pair's load would be.
  auto store_wait = kClusterWaitStep;
  for (;;) {
    RefreshClaim claim;
    std::string store_error;
    try {
      auto job = job_claim_refresh(held.access, held_expires_ms);
      claim = co_await on_store(store_, std::move(job));
    } catch (const std::exception& e) {
      store_error = e.what();
    }
    if (!store_error.empty()) {
      if (store_wait > kLoadRetryMax) {
        spdlog::error("zalo: token refresh given up, the store is unavailable: {}", store_error);
        co_return false;
      }
      spdlog::warn("zalo: token refresh waits for the store ({}), again in {} ms", store_error, store_wait.count());
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(store_wait);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      store_wait *= 2;
      continue;
    }
    if (claim.kind == RefreshClaim::adopt) {
      set({claim.stored.access, claim.stored.refresh,
           system_clock::time_point(std::chrono::milliseconds(claim.stored.expires_ms))},
          false);
      spdlog::info("zalo: using the access token another node refreshed");
      co_return true;
    }
    if (claim.kind == RefreshClaim::mine) break;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(kClusterWaitStep);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  // Left unstored (the request failed, or the new pair could not be written), the lease is
  // given up so another node may try; a stored pair gives it up in the same job.
  bool lease_given_up = false;
  // Not awaited: it must also run when the frame is destroyed mid-wait; a lease the store
  // refuses to give up runs out by itself.
  struct GiveUpOnExit {
    StoreWorker& store;
    const bool& given_up;
    ~GiveUpOnExit() {
      if (!given_up) store.submit(job_give_up_refresh(), [](std::exception_ptr) {});
    }
  } give_up_on_exit{store_, lease_given_up};

  if (refresh_token.empty()) {
    spdlog::error("zalo: access token refused and no refresh token: the OA admin must authorize the app again");
    co_return false;
  }
  const Result<ApiResponse> resp = co_await client_.request(config_.oauth_base, adapter_.refresh_request(refresh_token));
  auto parsed = zalo::parse_refresh(resp);
  if (!parsed) {
    spdlog::error("zalo: token refresh failed: {} (the OA admin may need to authorize the app again)",
                  parsed.problem().message);
    co_return false;
  }
  const auto& pair = *parsed;
  const auto expires = system_clock::now() + pair.expires_in;
  const auto expires_ms = std::chrono::duration_cast<std::chrono::milliseconds>(expires.time_since_epoch()).count();
  try {
    // Durable before use: the refresh token just spent is gone for good.
    auto job = job_save(pair, expires_ms);
    co_await on_store(store_, std::move(job));
    lease_given_up = true;
  } catch (const std::exception& e) {
    spdlog::critical("zalo: new token pair could not be stored ({}); using it in memory only", e.what());
  }
  set({pair.access_token, pair.refresh_token, expires}, false);
  spdlog::info("zalo: access token refreshed");
  co_return true;
}

}  // namespace hocvuso
