// Composition of the shared parts.
#include "bot/app/runtime.hpp"

#include <spdlog/spdlog.h>

#include "bot/app/store_backend.hpp"

#include "flows/learn/learn.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_flow.hpp"
#include "flows/groups/groups.hpp"
#include "flows/groups/places.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "bot/app/place_set_aside.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/menu.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/reports.hpp"
#include "flows/tickets/tickets.hpp"
#include "flows/dashboard/sign_in.hpp"

namespace hocvuso {

std::shared_ptr<Dispatcher> make_dispatcher(const Config& config) {
  auto d = std::make_shared<Dispatcher>();
  flows::register_menu(*d);
  flows::register_learn(*d, flows::LearnOptions{config.review_hour});
  faq::register_faq(*d);
  groups::register_groups(*d, {tickets::activity_section});
  reports::register_reports(*d);
  // Officers are those granted the role with `hocvuso users grant` (flows/roles).
  const broadcast::BroadcastOptions broadcast_options{config.broadcast_daily_limit,
                                                      config.broadcast_require_approval != 0};
  broadcast::register_broadcast(*d, broadcast_options,
                                [](Store& s, const Content& c) -> std::unique_ptr<broadcast::BroadcastDirectory> {
    return std::make_unique<broadcast::RolesDirectory>(s, c);
  });
  tickets::register_tickets(*d, tickets::TicketOptions{config.ticket_reannounce_minutes, config.ticket_escalate_minutes,
                                                      config.ticket_idle_close_hours, config.ticket_retention_days});
  dashboard::register_dashboard(*d, dashboard::DashboardOptions{config.public_base()});
  return d;
}

std::unique_ptr<Runtime> make_runtime(const Config& config) {
  // spdlog makes its registry on first use. Made here, before the store and I/O threads
  // exist, it is not made by whichever thread logs first while another reads it: the lazy
  // making happens inside libspdlog, which ThreadSanitizer cannot see into, and it reported
  // that as a race in three end-to-end tests with 4 I/O threads.
  spdlog::default_logger_raw();
  auto core = std::make_unique<Runtime>();
  core->config = config;
  auto content = std::make_shared<const Content>(load_content(config.content, content_spec()));
  core->engine = std::make_unique<Engine>(make_dispatcher(config), std::move(content));
  core->store = std::make_unique<StoreWorker>(open_stores(config));
  core->store->call([](Store& s) { log_place_set_aside(s); });  // what migration 7 could not map

  auto& m = core->metrics;
  m.describe("hocvuso_messages_received_total", Metrics::Kind::counter, "messages received by channel");
  m.describe("hocvuso_messages_sent_total", Metrics::Kind::counter, "messages queued for sending by channel");
  m.describe("hocvuso_outbox_pending", Metrics::Kind::gauge, "messages waiting in the outbox");
  m.describe("hocvuso_outbox_oldest_pending_seconds", Metrics::Kind::gauge,
             "age of the oldest message waiting in the outbox");
  for (Channel c : {Channel::console, Channel::telegram, Channel::zalo, Channel::zalobot}) {
    m.increment("hocvuso_messages_received_total", {{"channel", std::string(to_string(c))}}, 0);
    m.increment("hocvuso_messages_sent_total", {{"channel", std::string(to_string(c))}}, 0);
  }
  return core;
}

void count_messages(Metrics& metrics, const Incoming& in, const std::vector<OutboxItem>& replies) {
  metrics.increment("hocvuso_messages_received_total", {{"channel", std::string(to_string(in.chat.channel))}});
  for (const auto& r : replies) {
    metrics.increment("hocvuso_messages_sent_total", {{"channel", std::string(to_string(r.message.chat.channel))}});
  }
}

}  // namespace hocvuso
