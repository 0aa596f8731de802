// Whose turn it is to long-poll a channel (poll_turn.hpp).
#include "bot/inbox/poll_turn.hpp"

#include "bot/store/cluster_jobs.hpp"
#include "bot/store/store.hpp"

namespace hocvuso::inbox {

namespace {
std::string offset_key(std::string_view lane) { return std::string(lane) + ".poll_offset"; }
std::string lease_name(std::string_view lane) { return "poll:" + std::string(lane); }
}  // namespace

std::optional<std::int64_t> take_poll_turn(Store& store, std::string_view lane, TimePoint now) {
  if (!hold_cluster_lease(store, lease_name(lane), TimePoint{}, kPollLease, now)) return std::nullopt;
  return std::stoll(store.kv_get(offset_key(lane)).value_or("0"));
}

void give_up_poll_turn(Store& store, std::string_view lane) { release_cluster_lease(store, lease_name(lane)); }

}  // namespace hocvuso::inbox
