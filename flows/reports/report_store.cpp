// The figures column's format ("id=value;id=value"), shared by every backend.
#include <string>

#include "flows/reports/report_store.hpp"

namespace hocvuso::reports {

std::string encode_figures(const Figures& figures) {
  std::string out;
  for (const auto& [id, value] : figures) {
    if (!out.empty()) out += ';';
    out += id + "=" + std::to_string(value);
  }
  return out;
}

}  // namespace hocvuso::reports
