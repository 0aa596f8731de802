// What migration 7 could not map to one xã/phường (PlaceSetAside, bot/store): listed by
// `hocvuso users list`, and logged once as a warning when the service starts.
#pragma once

#include "bot/store/place_set_aside.hpp"

namespace hocvuso {

// Logs rows not logged yet (a warning with the counts per kind and action; names of
// places but never a citizen's chat id), then marks them logged.
void log_place_set_aside(Store& store);

}  // namespace hocvuso
