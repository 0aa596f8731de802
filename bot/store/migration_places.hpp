// Migration 7's SQL (issue 14): stored places become official codes; see the .cpp.
#pragma once

#include <string_view>

namespace hocvuso {

std::string_view places_migration_sql();

}  // namespace hocvuso
