// The places list now lives in flows/places (places.hpp: units by code; resolve.hpp:
// the one resolver). These names keep the groups feature's callers as they were.
#pragma once

#include "flows/places/places.hpp"
#include "flows/places/resolve.hpp"

namespace hocvuso::groups {

using places::Commune;
using places::commune_key;
using places::load_places;
using places::Places;
using places::Province;
using places::Village;

}  // namespace hocvuso::groups
