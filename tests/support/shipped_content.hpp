// What the tests that drive features through the whole engine share: this checkout's
// content/ loaded as `serve` loads it (every check applied), and a time of day in Vietnam.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "bot/app/content_spec.hpp"
#include "bot/core/local_time.hpp"

namespace hocvuso::testing {

inline std::shared_ptr<const Content> shipped_content() {
  return std::make_shared<const Content>(
      load_content(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", content_spec()));
}

// d/m/y at hour:minute in Vietnam (UTC+7).
inline TimePoint vn_time(int y, unsigned m, unsigned d, int hour = 10, int minute = 0) {
  return local_time_point(std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}},
                          hour, minute);
}

}  // namespace hocvuso::testing
