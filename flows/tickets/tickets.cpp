// Registration, the strings the feature uses, and its figures for /hoatdong.
#include "flows/tickets/tickets.hpp"

#include <cstdio>

#include "bot/store/store.hpp"
#include "flows/tickets/relay.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso::tickets {

void register_tickets(Dispatcher& d, TicketOptions options) {
  register_citizen_side(d);
  register_team_side(d);
  d.on_tick([options](JobContext& ctx) { run_ticket_jobs(ctx, options); });
}

std::string activity_section(Context& ctx, const groups::GroupLink& commune, TimePoint from, TimePoint to) {
  const Figures f = TicketStore::of(ctx.store()).figures(commune.province, commune.commune, from, to);
  if (f.opened == 0) return ctx.t("tickets.activity.none");
  char median[32] = "–";
  if (f.median_first_answer_minutes) std::snprintf(median, sizeof median, "%.0f", *f.median_first_answer_minutes);
  char rating[32] = "–";
  if (f.rated > 0) std::snprintf(rating, sizeof rating, "%.1f", f.average_rating);
  return ctx.t("tickets.activity", {{"opened", std::to_string(f.opened)},
                                    {"claimed", std::to_string(f.claimed)},
                                    {"resolved", std::to_string(f.resolved)},
                                    {"median", median},
                                    {"rating", rating},
                                    {"rated", std::to_string(f.rated)}});
}

std::vector<std::string> tickets_string_keys() {
  return {"tickets.ask_commune",        "tickets.commune_unknown",     "tickets.commune_choose",
          "tickets.ask_question",       "tickets.ask_question_again",  "tickets.button.change_commune",
          "tickets.ask_name",           "tickets.button.own_name",     "tickets.button.alias",
          "tickets.ask_alias",          "tickets.sent",                "tickets.no_group",
          "tickets.active",             "tickets.private_only",        "tickets.relayed",
          "tickets.citizen_says",       "tickets.claimed_citizen",     "tickets.answer_citizen",
          "tickets.closed_citizen",     "tickets.closed_idle_citizen", "tickets.rated",
          "tickets.rate_gone",          "tickets.none",                "tickets.post",
          "tickets.reannounce",         "tickets.button.claim",        "tickets.claimed_group",
          "tickets.already_claimed",    "tickets.not_found",           "tickets.not_helper",
          "tickets.sent_helper",        "tickets.usage_private",       "tickets.usage_claim",
          "tickets.usage_close",        "tickets.group_only",          "tickets.member",
          "tickets.button.close",       "tickets.button.end",          "tickets.button.phone",
          "tickets.button.phone_cancel", "tickets.hint_private",       "tickets.hint_group",
          "tickets.phone_masked",       "tickets.phone_ask",           "tickets.phone_invalid",
          "tickets.phone_no_private",   "tickets.phone_wanted_group",  "tickets.phone_to_helper",
          "tickets.phone_sent",         "tickets.phone_gone",          "tickets.phone_cancelled",
          "tickets.closed_unclaimed_citizen", "tickets.cancelled_citizen", "tickets.closed_by_team_citizen",
          "tickets.closed_group.citizen", "tickets.closed_group.helper",
          "tickets.closed_group.idle",  "tickets.escalate",            "tickets.activity",
          "tickets.activity.none"};
}

}  // namespace hocvuso::tickets
