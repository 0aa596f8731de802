// What the ticket handlers and the periodic job share: the messages about a ticket
// (group posts, notices to the citizen), closing, and the conversation state that
// routes a citizen's free text to their ticket. Private to flows/tickets.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/dispatcher.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "flows/tickets/tickets.hpp"

namespace hocvuso::tickets {

inline constexpr std::string_view kLocale = "vi";  // group posts and relayed notices
inline constexpr const char* kFlow = "ticket";
inline constexpr const char* kClaimPayload = "tk:claim:";  // + ticket id
inline constexpr const char* kRatePayload = "tk:rate:";    // + ticket id + ":" + stars
inline constexpr const char* kClosePayload = "tk:close";   // the citizen ends their ticket (as /xong)
inline constexpr const char* kCloseGroupPayload = "tk:end:";  // + ticket id: a member ends it in the group
inline constexpr const char* kPhonePayload = "tk:phone:";  // + ticket id: the citizen chooses to send her number

// The citizen's "✅ Xong việc" button (closing as /xong does).
ButtonRows close_button(const Strings& strings);

using Sink = std::function<void(Outgoing)>;

// Phone numbers, OTPs, card and identity numbers replaced before text reaches a group.
std::string for_group(std::string_view text);

// The ticket's post in its group (first or again), tagged so replies find it, with the claim button.
Outgoing group_post(const Strings& strings, const Ticket& t, std::string_view key);
// A message about the ticket to any chat, tagged: replies to it find the ticket, and
// its text is erased with the ticket's relayed texts when the retention ends.
Outgoing about(const Ticket& t, ChatRef to, std::string text);
// The same, to the ticket's group.
Outgoing group_note(const Ticket& t, std::string text);
// Sends a group message to the ticket's whole team: its home group and every member who
// joined by code (private chats, flows/groups/private_team), so a team without a bot in
// its group hears of a ticket as a group would. `except` (the chat that already got its
// own answer, such as the member who just claimed) and the citizen are skipped.
void to_team(Store& store, const Ticket& t, const Outgoing& group_message, const Sink& send,
             const std::optional<ChatRef>& except = std::nullopt);
ButtonRows rating_buttons(std::int64_t id);

// Closes the ticket (false when it was closed already) and tells both sides; the
// citizen is asked for a rating when someone had taken it. by: citizen, helper, idle.
bool close_ticket(Store& store, const Strings& strings, const Ticket& t, std::string_view by, TimePoint now,
                  const Sink& send);

// The citizen's conversation points at the ticket, so their next message is relayed.
ConversationState open_state(std::int64_t id);

// Helper -> citizen; the citizen's next free text goes back to the ticket.
void relay_to_citizen(Store& store, const Strings& strings, const Ticket& t, std::string_view text, TimePoint now,
                      const Sink& send);

// /xong from the citizen: their open ticket ends.
void close_by_citizen(Context& ctx);

// Handlers, by side (citizen_flow.cpp, team_side.cpp, ticket_jobs.cpp).
void register_citizen_side(Dispatcher& d);
void register_team_side(Dispatcher& d);
void run_ticket_jobs(JobContext& ctx, const TicketOptions& options);

}  // namespace hocvuso::tickets
