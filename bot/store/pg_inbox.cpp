#include "bot/store/pg_inbox.hpp"

namespace hocvuso::pg {

bool record_update(Db& db, Channel channel, std::string_view key, std::string_view payload, TimePoint now) {
  // ON CONFLICT on the unique (channel, update_key): a second insert of the same key
  // waits for the first transaction and then does nothing, so exactly one node sees 1.
  return db.query("INSERT INTO inbox (channel, update_key, payload, received_at) VALUES ($1, $2, $3, $4) "
                  "ON CONFLICT (channel, update_key) DO NOTHING")
             .bind_all(to_string(channel), key, payload, now)
             .exec() == 1;
}

}  // namespace hocvuso::pg
