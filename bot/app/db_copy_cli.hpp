// `hocvuso db copy --from FILE [--to postgresql://…] [--replace] [--config FILE]`: moves a
// province's SQLite database into PostgreSQL while the service is stopped, and prints
// each table's rows on both sides (bot/store/db_copy.hpp does the copy).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace hocvuso {

// Exit code: 0 copied and every count matches; 1 refused or failed (nothing copied);
// 2 bad usage. The counts go to `out`, refusals and failures to `err`.
int run_db_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace hocvuso
