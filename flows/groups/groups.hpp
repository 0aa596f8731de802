// Team groups "Tổ CNSCĐ-<Tên xã>": linked to their commune from the title when the
// bot is added, the group is renamed, or a group is first seen through a message;
// /lienket to link by hand; activity counts and /hoatdong.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/groups/places.hpp"

namespace hocvuso::groups {

// Lines another feature adds to /hoatdong (help tickets): for the group's commune
// and the quarter shown, [from, to).
using ActivitySection = std::function<std::string(Context&, const GroupLink&, TimePoint from, TimePoint to)>;

void register_groups(Dispatcher& dispatcher, std::vector<ActivitySection> sections = {});
std::vector<std::string> groups_string_keys();

// What to post in the group after reading its title (linked, re-linked, or which
// communes were meant, with a button for each); nothing when the title changes nothing.
struct TitleReply {
  std::string text;
  ButtonRows buttons;
};
std::optional<TitleReply> read_title(Store& store, const Places& places, const Strings& strings,
                                      const ChatRef& chat, std::string_view title, std::string_view actor,
                                      TimePoint now);

// "xã Thuận Châu, Sơn La" for a link (the province named when several are loaded),
// or its code when the places list no longer has it.
std::string commune_name(const Places& places, const GroupLink& link);
std::string province_name(const Places& places, std::string_view province);

}  // namespace hocvuso::groups
