// The advisory lock spaces hocvuso takes on PostgreSQL, in one list so that no two
// features pick the same one. A lock taken with two int keys (space, key) never meets a
// lock taken with one bigint key (the migrations'), nor another space's.
#pragma once

#include <cstdint>

namespace hocvuso::pg {

// The migrations, once per database: one bigint key, "hocvus" in ASCII.
inline constexpr std::int64_t kMigrationLock = 0x686f63767573;
// serve holds it shared for its life; db copy alone (bot/app/serve_lock.cpp).
inline constexpr int kServeLockSpace = 0x7376;  // "sv"
// A chat's inbox turn, second key hashtext(channel:chat) (pg_core_store.cpp).
inline constexpr int kChatLockSpace = 0x6863;  // "hc"
// A timed job's turn across the cluster, second key hashtext(job) (cluster_jobs.cpp).
inline constexpr int kJobLockSpace = 0x6a62;  // "jb"
// An officer's count of today's broadcasts, second key hashtext(author)
// (flows/broadcast/broadcast_store_pg.cpp).
inline constexpr int kBroadcastDayLockSpace = 0x6264;  // "bd"

}  // namespace hocvuso::pg
