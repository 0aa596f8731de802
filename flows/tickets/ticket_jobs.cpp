// The periodic job: re-announce unclaimed tickets, escalate them to the commune's
// officers, close idle ones, delete relayed texts after the retention. Each step is
// recorded on the ticket, so running again at the same time does nothing twice.
// Retention erases the relayed texts everywhere they were kept: the ticket's own
// table and the outbox rows of every message about it (Outgoing::tag).
#include <algorithm>

#include "bot/content/content.hpp"
#include "bot/store/sent_tags.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/groups.hpp"
#include "flows/roles/roles.hpp"
#include "flows/tickets/relay.hpp"

namespace hocvuso::tickets {

namespace {

// Officers (and admins) whose place covers the commune, in their private chats.
std::vector<ChatRef> officers_of(Store& store, const Ticket& t) {
  std::vector<ChatRef> out;
  const roles::Scope place{t.province, t.commune};
  for (const auto& g : roles::RoleStore::of(store).list()) {
    if (g.role < roles::Role::officer || !g.scope.covers(place)) continue;
    const ChatRef chat{g.channel, g.user_id};
    if (std::find(out.begin(), out.end(), chat) == out.end()) out.push_back(chat);
  }
  return out;
}

}  // namespace

void run_ticket_jobs(JobContext& ctx, const TicketOptions& options) {
  using std::chrono::hours;
  using std::chrono::minutes;
  Store& store = ctx.store();
  const Strings& strings = ctx.content().strings;
  const TimePoint now = ctx.now();
  auto& tickets = TicketStore::of(store);
  const Sink send = [&ctx](Outgoing o) { ctx.send(std::move(o)); };

  for (const auto& t : tickets.to_reannounce(now - minutes(options.reannounce_minutes))) {
    to_team(store, t, group_post(strings, t, "tickets.reannounce"), send);
    tickets.mark_reannounced(t.id, now);
  }
  const auto* places = ctx.content().find<groups::Places>();
  for (const auto& t : tickets.to_escalate(now - minutes(options.escalate_minutes))) {
    const std::string commune =
        places == nullptr ? t.commune : groups::commune_name(*places, groups::GroupLink{t.province, t.commune});
    const std::string text = strings.format(
        "tickets.escalate", kLocale,
        {{"code", t.code()}, {"commune", commune}, {"minutes", std::to_string(options.escalate_minutes)},
         {"question", t.question}});
    for (const auto& officer : officers_of(store, t)) send(about(t, officer, text));
    tickets.mark_escalated(t.id, now);
  }
  for (const auto& t : tickets.idle_since(now - hours(options.idle_close_hours))) {
    close_ticket(store, strings, t, "idle", now, send);
  }
  for (const auto id : tickets.purge_closed_before(now - hours(24) * options.retention_days, now)) {
    SentTags tags(store);
    tags.forget(ticket_tag(id));
    tags.erase_texts(ticket_tag(id));
  }
}

}  // namespace hocvuso::tickets
