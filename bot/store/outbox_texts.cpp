// erase_finished_texts on SQLite (on PostgreSQL: pg_sent_tags.cpp's).
#include "bot/store/outbox_texts.hpp"

#include <string>

#include "bot/store/pg_sent_tags.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

int erase_finished_texts(Store& store, std::string_view tag_prefix) {
  if (tag_prefix.empty()) return 0;  // never every tagged row at once
  if (store.on_postgresql()) return pg::erase_finished_texts(store.pg_core(), tag_prefix);
  // "starts with prefix" as the range [prefix, prefix with its last byte raised), so the
  // partial index outbox_by_tag serves it.
  std::string end(tag_prefix);
  end.back() = static_cast<char>(end.back() + 1);
  return store.sqlite()
      .query("UPDATE outbox SET body = json_set(body, '$.text', '') "
             "WHERE tag >= ? AND tag < ? AND status IN ('sent', 'failed', 'blocked', 'cancelled') "
             "AND json_extract(body, '$.text') <> ''")
      .bind_all(tag_prefix, end)
      .exec();
}

}  // namespace hocvuso
