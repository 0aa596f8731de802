// The one exception the PostgreSQL backend throws (bot/store/pg_db.hpp), with no libpq
// type in it, so store_unavailable() can tell a lost connection or a serialization
// failure (unavailable: retry later) from a bug without including libpq.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace hocvuso::pg {

class Error : public std::runtime_error {
 public:
  // `message` is the server's primary message only: its DETAIL line can quote a row's
  // values (a citizen's id in a duplicate key), which must not reach a log.
  Error(const std::string& message, std::string sqlstate, bool connection_lost)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

  // The five-character SQLSTATE ("40001"); empty when no server answered.
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }
  // The database cannot take the work now, through no fault of the work: the
  // connection is gone, the server is starting or stopping, out of resources, or the
  // transaction lost a serialization or deadlock race. Retrying later is right.
  bool unavailable() const { return !kind().empty(); }
  // A short name of the failure for a message ("connection lost"); empty for a bug.
  std::string_view kind() const;

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

}  // namespace hocvuso::pg
