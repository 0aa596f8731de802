// The schema, as an ordered list of migrations. Append only: a released migration
// is never edited, because databases in the field already ran it.
#pragma once

#include <string_view>
#include <vector>

namespace hocvuso {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

}  // namespace hocvuso
