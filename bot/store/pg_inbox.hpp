// The inbox's recording on PostgreSQL: the first piece of the core store there. With
// several nodes behind one load balancer the same update can reach two of them at once;
// the inbox's unique key decides, inside the transaction that records it, which one
// processes it. (It becomes part of the PostgreSQL Store when the rest of the core
// store's statements follow.)
#pragma once

#include <string_view>

#include "bot/core/message.hpp"
#include "bot/store/pg_db.hpp"

namespace hocvuso::pg {

// Records a platform update; false when (channel, key) is already there, committed or
// being recorded by a transaction still open on another connection (this call then waits
// for it: if it commits this is a duplicate, if it rolls back this one records it).
bool record_update(Db& db, Channel channel, std::string_view key, std::string_view payload, TimePoint now);

}  // namespace hocvuso::pg
