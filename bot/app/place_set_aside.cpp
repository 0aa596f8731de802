// Logging what migration 7 set aside (the rows are the store's: bot/store/place_set_aside.hpp).
#include "bot/app/place_set_aside.hpp"

#include <spdlog/spdlog.h>

namespace hocvuso {

void log_place_set_aside(Store& store) {
  for (const auto& c : PlaceSetAside::of(store).take_unlogged()) {
    // Place names as they were stored and counts only: subscriptions' refs are citizens' chat ids.
    spdlog::warn("places: {} {} x{}: \"{}\" / \"{}\" is not one xã/phường of content/places (see hocvuso users list)",
                 c.kind, c.action, c.count, c.province, c.commune);
  }
}

}  // namespace hocvuso
