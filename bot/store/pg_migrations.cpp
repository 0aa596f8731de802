// The migration list in PostgreSQL's dialect. Owners in the same order as the SQLite
// list (migrations.cpp); a feature joins when its *_schema_pg.cpp exists. Until `serve`
// runs on PostgreSQL (every store ported), no PostgreSQL database is in the field, so
// these parts may still be reshaped; from then on they are append only, as on SQLite.
#include "bot/store/feature_schemas.hpp"
#include "bot/store/migrations.hpp"

namespace hocvuso {

const std::vector<Migration>& pg_migrations() {
  // The owners in migrations.cpp's order (place_set_aside is the places migration's, 7,
  // which comes after tickets there); append a feature at its place in that order.
  static const std::vector<Migration> list = order_parts({
      &store_pg_schema(), &learn::pg_schema(), &faq::pg_schema(), &roles::pg_schema(), &groups::pg_schema(),
      &reports::pg_schema(), &broadcast::pg_schema(), &tickets::pg_schema(), &place_set_aside_pg_schema(),
      &dashboard::pg_schema(),
  });
  return list;
}

}  // namespace hocvuso
