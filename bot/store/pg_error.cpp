// Which SQLSTATEs mean "unavailable, retry later" (PostgreSQL manual, appendix A).
#include "bot/store/pg_error.hpp"

namespace hocvuso::pg {

std::string_view Error::kind() const {
  if (connection_lost_) return "connection lost";
  const std::string_view s = sqlstate_;
  if (s.size() != 5) return {};
  if (s.starts_with("08")) return "connection lost";           // connection exception
  if (s == "40001") return "serialization failure";            // serializable conflict
  if (s == "40P01") return "deadlock";                         // chosen as the deadlock victim
  if (s == "55P03") return "lock not available";               // NOWAIT / lock_timeout
  if (s == "57014") return "statement timeout";                // statement_timeout or cancel
  if (s.starts_with("53")) return "out of resources";          // disk full, out of memory, too many connections
  if (s == "57P01" || s == "57P02" || s == "57P03") return "server shutting down or starting";
  if (s == "25006") return "read-only";                        // a standby, or default_transaction_read_only
  if (s.starts_with("58")) return "I/O error";                 // system error
  return {};
}

}  // namespace hocvuso::pg
