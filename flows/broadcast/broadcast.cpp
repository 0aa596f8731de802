// Chat side of broadcasts: subscriptions, progress and the second officer's approval.
#include "flows/broadcast/broadcast.hpp"

#include "bot/core/command.hpp"
#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "bot/text/fold.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/composer.hpp"
#include "flows/broadcast/subscribe_words.hpp"
#include "flows/help.hpp"
#include "flows/places/explain.hpp"

namespace hocvuso::broadcast {

namespace {

constexpr const char* kUnsubscribePayload = "bc:off";

constexpr std::string_view kSubscribePlacePayload = "bc:on:";  // + official code of the xã/phường
constexpr const char* kGeneralOnlyPayload = "bc:gen";           // subscribe without a place
constexpr const char* kSubscribeFlow = "canhbao";               // asking the place after the button

// The place is confirmed back in words: "… của xã Thuận Châu, tỉnh Sơn La."
void subscribe_to(Context& ctx, const places::Commune& c, const places::Resolution* r) {
  const auto& places = ctx.content().get<places::Places>();
  if (ctx.state().flow == kSubscribeFlow) ctx.state() = ConversationState{};
  BroadcastStore::of(ctx.store()).set_subscription(ctx.in().chat, true, c.code, c.province, ctx.now());
  std::string text =
      ctx.t("broadcast.sub.on_place", {{"place", c.full_name()}, {"province", places.province_name(c.province)}});
  if (r != nullptr) {
    if (const auto note = places::kind_note(ctx.strings(), ctx.locale(), *r); !note.empty()) text += "\n" + note;
  }
  ctx.reply(text);
}

// "/canhbao bat Thuận Châu, Sơn La": the place goes through the one resolver and is
// stored as its official code and province id. Anything but exactly one current unit
// asks (buttons, one tap) and changes nothing yet.
void subscribe(Context& ctx, bool on, std::string_view place_words) {
  if (!on || trim(place_words).empty()) {
    BroadcastStore::of(ctx.store()).set_subscription(ctx.in().chat, on, "", "", ctx.now());
    if (!on) return ctx.reply(ctx.t(ctx.in_group() ? "broadcast.sub.off_group" : "broadcast.sub.off"));
    return ctx.reply(ctx.t(ctx.in_group() ? "broadcast.sub.on_group" : "broadcast.sub.on"));
  }
  const auto& places = ctx.content().get<places::Places>();
  const auto r = places::resolve_spoken(places, place_words);
  if (r.kind == places::Resolution::Kind::one) return subscribe_to(ctx, *r.unit(), &r);
  ButtonRows rows;
  for (const auto& c : r.candidates) {
    rows.push_back({Button{places::choice_label(places, c), std::string(kSubscribePlacePayload) + c.unit->code}});
  }
  ctx.reply(places::ask_text(places, ctx.strings(), ctx.locale(), r), std::move(rows));
}

// The place as typed, through the one resolver: exactly one current unit subscribes
// (and says which); anything else asks with buttons (one tap confirms) and keeps asking.
void subscribe_place_text(Context& ctx, std::string_view words, const Dispatcher& d) {
  const auto& places = ctx.content().get<places::Places>();
  const auto r = places::resolve_spoken(places, words);
  if (places::names_no_place(r, words)) {  // thanks, a question: answered as any message
    ctx.state() = ConversationState{};
    return d.default_text(ctx);
  }
  if (r.kind == places::Resolution::Kind::one) return subscribe_to(ctx, *r.unit(), &r);
  ButtonRows rows;
  for (const auto& c : r.candidates) {
    rows.push_back({Button{places::choice_label(places, c), std::string(kSubscribePlacePayload) + c.unit->code}});
  }
  rows.push_back({Button{ctx.t("broadcast.sub.button.general"), kGeneralOnlyPayload}});
  rows.push_back({Button{ctx.t("menu.back"), "menu:home"}});  // a question typed here is not lost for good
  ctx.reply(places::ask_text(places, ctx.strings(), ctx.locale(), r) + "\n" + ctx.t("broadcast.sub.ask_again"),
            std::move(rows));
}

// The "🔔 Nhận cảnh báo" button (⚠️ menu, the end of the scam lesson, /canhbao): in a
// private chat the remembered place is used, or asked; a group just turns warnings on.
void subscribe_pressed(Context& ctx) {
  if (ctx.in_group()) return subscribe(ctx, true, "");
  const auto& places = ctx.content().get<places::Places>();
  if (const auto place = BroadcastStore::of(ctx.store()).place(ctx.in().chat)) {
    if (const auto* c = places.unit(place->first)) return subscribe_to(ctx, *c, nullptr);
  }
  ctx.state() = ConversationState{kSubscribeFlow, "place", "{}"};
  ctx.reply(ctx.t("broadcast.sub.ask_place"), {{Button{ctx.t("broadcast.sub.button.general"), kGeneralOnlyPayload}},
                                               {Button{ctx.t("menu.back"), "menu:home"}}});
}

void subscribe_button(Context& ctx) {
  const auto& places = ctx.content().get<places::Places>();
  const auto* c = places.unit(std::string_view(ctx.in().button_payload).substr(kSubscribePlacePayload.size()));
  if (c == nullptr) return ctx.reply(ctx.t("broadcast.sub.usage"));  // an old button after a content change
  subscribe_to(ctx, *c, nullptr);
}

void show_subscription(Context& ctx) {
  const auto chosen = BroadcastStore::of(ctx.store()).subscription(ctx.in().chat);
  const bool on = chosen.value_or(ctx.in_group());
  ctx.reply(ctx.t(on ? "broadcast.sub.status_on" : "broadcast.sub.status_off"),
            {{Button{ctx.t(on ? "broadcast.button.off" : "broadcast.button.on"),
                     on ? kUnsubscribePayload : kSubscribePayload}}});
}

// Asked in her own words (subscribe_words.hpp), in a private chat with no flow open:
// a place named inside the sentence subscribes there, or asks which one; no place uses
// the remembered one or asks, as the button does. Stopping is offered, not done.
bool subscribe_wish(Context& ctx) {
  if (ctx.in_group() || !ctx.state().flow.empty()) return false;
  const SubscribeWish wish = read_subscribe_wish(ctx.in().text);
  if (wish == SubscribeWish::none) return false;
  if (wish == SubscribeWish::off) {
    show_subscription(ctx);
    return true;
  }
  const auto& places = ctx.content().get<places::Places>();
  const auto r = places::resolve_spoken(places, ctx.in().text);
  if (r.in_sentence && r.kind == places::Resolution::Kind::one) {
    subscribe_to(ctx, *r.unit(), &r);
  } else if (r.in_sentence && !r.candidates.empty()) {
    subscribe(ctx, true, ctx.in().text);  // asks with a button for each unit
  } else {
    subscribe_pressed(ctx);
  }
  return true;
}

void on_canhbao(Context& ctx) {
  const std::string args = ctx.command()->args;
  const auto words = text::fold_words(args);
  if (words.empty()) return show_subscription(ctx);
  const auto rest = [&] {
    const auto space = args.find(' ');
    return space == std::string::npos ? std::string() : trim(args.substr(space + 1));
  }();
  if (words[0] == "bat" || words[0] == "on") return subscribe(ctx, true, rest);
  if (words[0] == "tat" || words[0] == "off") return subscribe(ctx, false, "");
  ctx.reply(ctx.t("broadcast.sub.usage"));
}

std::string number(std::int64_t n) { return std::to_string(n); }

// The broadcast named by an officer's "/<command> <id>", when it is within their
// scope or their own (the API's rule); nullopt after telling them why not.
std::optional<std::int64_t> officer_broadcast(Context& ctx, const DirectoryFactory& directory, const std::string& usage_key) {
  if (ctx.in_group()) return std::nullopt;
  const auto scope = directory(ctx.store(), ctx.content())->officer(ctx.in().chat.channel, ctx.in().sender_id);
  if (!scope) {
    ctx.reply(ctx.t("broadcast.officer_only"));
    return std::nullopt;
  }
  std::int64_t id = 0;
  try {
    std::size_t used = 0;
    const std::string args = trim(ctx.command()->args);
    id = std::stoll(args, &used);
    if (used != args.size() || id <= 0) throw std::invalid_argument("not a number");
  } catch (const std::exception&) {
    ctx.reply(ctx.t(usage_key));
    return std::nullopt;
  }
  auto& bs = BroadcastStore::of(ctx.store());
  const auto target = bs.target_of(id);
  if (!target || (!allows(*scope, *target, ctx.content().find<places::Places>()) && bs.author_of(id) != chat_actor(ctx))) {
    ctx.reply(ctx.t("broadcast.stats.unknown", {{"id", number(id)}}));
    return std::nullopt;
  }
  return id;
}

std::string progress_text(Context& ctx, const Progress& p) {
  return ctx.t("broadcast.stats",
               {{"id", number(p.id)}, {"status", ctx.t("broadcast.status." + p.status)}, {"queued", number(p.queued)},
                {"sent", number(p.sent)}, {"pending", number(p.pending)}, {"failed", number(p.failed)},
                {"blocked", number(p.blocked)}});
}

constexpr int kRecentShown = 10;     // warnings /thongke lists
constexpr int kRecentScanned = 500;  // newest broadcasts looked through for hers

// /thongke alone: her recent warnings (within her scope, or her own), newest first,
// one line each with the progress.
void list_recent(Context& ctx, const DirectoryFactory& directory) {
  if (ctx.in_group()) return;
  const auto scope = directory(ctx.store(), ctx.content())->officer(ctx.in().chat.channel, ctx.in().sender_id);
  if (!scope) return ctx.reply(ctx.t("broadcast.officer_only"));
  auto& bs = BroadcastStore::of(ctx.store());
  const auto* places = ctx.content().find<places::Places>();
  std::string lines;
  int shown = 0;
  for (const auto& r : bs.recent(kRecentScanned)) {
    if (!allows(*scope, r.target, places) && r.author != chat_actor(ctx)) continue;
    const auto p = bs.progress(r.id);
    if (!p) continue;
    const auto day = local_date(TimePoint(std::chrono::milliseconds(p->created_at_ms)));
    lines += "\n" + ctx.t("broadcast.stats.line",
                          {{"id", number(p->id)}, {"date", format_date_vi(day)},
                           {"target", target_words(ctx, r.target)}, {"status", ctx.t("broadcast.status." + p->status)},
                           {"sent", number(p->sent)}, {"queued", number(p->queued)}, {"pending", number(p->pending)},
                           {"failed", number(p->failed + p->blocked)}});
    if (++shown == kRecentShown) break;
  }
  if (shown == 0) return ctx.reply(ctx.t("broadcast.stats.none"));
  ctx.reply(ctx.t("broadcast.stats.recent") + lines + "\n\n" + ctx.t("broadcast.stats.more"));
}

void on_thongke(Context& ctx, const DirectoryFactory& directory) {
  if (trim(ctx.command()->args).empty()) return list_recent(ctx, directory);
  const auto id = officer_broadcast(ctx, directory, "broadcast.stats.usage");
  if (!id) return;
  ctx.reply(progress_text(ctx, *BroadcastStore::of(ctx.store()).progress(*id)));
}

// /huycanhbao, /tamdung, /tieptuc <id>: the API's cancel, pause and resume, with its
// scope rule and its audit (the store records the actor). Anything else changes nothing.
void on_cancel(Context& ctx, const DirectoryFactory& directory) {
  const auto id = officer_broadcast(ctx, directory, "broadcast.cancel.usage");
  if (!id) return;
  auto& bs = BroadcastStore::of(ctx.store());
  if (!bs.cancel(*id, chat_actor(ctx), ctx.now())) {
    return ctx.reply(ctx.t("broadcast.cancel.finished", {{"id", number(*id)}}));
  }
  ctx.reply(ctx.t("broadcast.cancel.done", {{"id", number(*id)}}) + "\n\n" + progress_text(ctx, *bs.progress(*id)));
}

void on_pause(Context& ctx, const DirectoryFactory& directory, bool pause) {
  const std::string what = pause ? "broadcast.pause." : "broadcast.resume.";
  const auto id = officer_broadcast(ctx, directory, what + "usage");
  if (!id) return;
  if (!BroadcastStore::of(ctx.store()).set_paused(*id, pause, chat_actor(ctx), ctx.now())) {
    return ctx.reply(ctx.t(what + "wrong_state", {{"id", number(*id)}}));
  }
  ctx.reply(ctx.t(what + "done", {{"id", number(*id)}}));
}

// /duyet <id>: the second-officer approval, by the API's rules: an officer whose
// scope covers the target, and not the author.
void on_duyet(Context& ctx, const DirectoryFactory& directory) {
  const auto id = officer_broadcast(ctx, directory, "broadcast.approve.usage");
  if (!id) return;
  switch (BroadcastStore::of(ctx.store()).approve(*id, chat_actor(ctx), ctx.now())) {
    case BroadcastStore::Approval::approved:
      return ctx.reply(ctx.t("broadcast.approve.done", {{"id", number(*id)}}));
    case BroadcastStore::Approval::same_officer:
      return ctx.reply(ctx.t("broadcast.approve.same_officer"));
    case BroadcastStore::Approval::not_waiting:
      return ctx.reply(ctx.t("broadcast.approve.not_waiting", {{"id", number(*id)}}));
  }
}

std::string fold_without(std::string_view name, std::string_view prefix) {
  std::string f = trim(text::fold(name));
  if (f.starts_with(prefix)) f = trim(f.substr(prefix.size()));
  return f;
}

}  // namespace

std::string chat_actor(const Context& ctx) {
  return std::string(to_string(ctx.in().chat.channel)) + ":" + ctx.in().sender_id;
}

std::string target_words(const Context& ctx, const Target& target) {
  const auto* places = ctx.content().find<places::Places>();
  if (target.scope == "communes") {
    constexpr std::size_t kNamed = 3;  // a long list ends with "và N nơi khác"
    std::string out;
    for (std::size_t i = 0; i < target.communes.size() && i < kNamed; ++i) {
      const auto* unit = places != nullptr ? places->unit(target.communes[i]) : nullptr;
      out += (out.empty() ? "" : "; ") + (unit != nullptr ? places->label(*unit) : target.communes[i]);
    }
    if (target.communes.size() > kNamed) {
      out += " " + ctx.t("broadcast.target.more", {{"n", std::to_string(target.communes.size() - kNamed)}});
    }
    return out;
  }
  if (target.scope == "province") {
    const std::string name = places != nullptr && places->province(target.province) != nullptr
                                 ? places->province_name(target.province)
                                 : target.province;
    return ctx.t("broadcast.target.province", {{"province", name}});
  }
  if (target.scope == "subscribers" || target.scope == "groups") return ctx.t("broadcast.target." + target.scope);
  return ctx.t("broadcast.target.all");
}

std::string fold_commune(std::string_view name) { return fold_without(name, "xa "); }
std::string fold_province(std::string_view name) { return fold_without(name, "tinh "); }

bool valid_severity(std::string_view severity) {
  return severity == "info" || severity == "warning" || severity == "urgent";
}

std::string render_warning(const Strings& strings, std::string_view severity, std::string_view text,
                           std::string_view link) {
  std::string out = strings.get("broadcast.header." + std::string(severity)) + "\n\n" + std::string(text);
  if (!link.empty()) out += "\n🔗 " + std::string(link);
  return out + "\n\n" + strings.get("broadcast.footer");
}

void register_broadcast(Dispatcher& d, BroadcastOptions options, DirectoryFactory directory) {
  if (!directory) {
    directory = [](Store& s, const Content&) -> std::unique_ptr<BroadcastDirectory> {
      return std::make_unique<StoreDirectory>(s);
    };
  }
  // /help: a linked group's way out, and the officer's commands in her private chat
  // (citizens find the subscription in the ⚠️ menu).
  flows::add_help("help.broadcast.group", flows::Audience::member, flows::Where::group);
  flows::add_help("help.broadcast.officer", flows::Audience::officer, flows::Where::private_chat);
  d.on_command("canhbao", on_canhbao);
  d.on_text_claim(subscribe_wish);
  d.on_payload(kSubscribePayload, subscribe_pressed);
  d.on_payload(kGeneralOnlyPayload, [](Context& ctx) {
    if (ctx.state().flow == kSubscribeFlow) ctx.state() = ConversationState{};
    subscribe(ctx, true, "");
  });
  d.on_flow_text(kSubscribeFlow, [&d](Context& ctx) { subscribe_place_text(ctx, trim(ctx.in().text), d); });
  d.on_payload(kUnsubscribePayload, [](Context& ctx) { subscribe(ctx, false, ""); });
  d.on_payload(std::string(kSubscribePlacePayload), subscribe_button);
  d.on_command("thongke", [directory](Context& ctx) { on_thongke(ctx, directory); });
  d.on_command("duyet", [directory](Context& ctx) { on_duyet(ctx, directory); });
  d.on_command("huycanhbao", [directory](Context& ctx) { on_cancel(ctx, directory); });
  d.on_command("tamdung", [directory](Context& ctx) { on_pause(ctx, directory, true); });
  d.on_command("tieptuc", [directory](Context& ctx) { on_pause(ctx, directory, false); });
  register_composer(d, options, directory);
}

std::vector<std::string> broadcast_string_keys() {
  std::vector<std::string> keys = {"broadcast.sub.on",         "broadcast.sub.on_group",   "broadcast.sub.on_place",
          "broadcast.sub.off",        "broadcast.sub.off_group",  "broadcast.sub.status_on",
          "broadcast.sub.status_off", "broadcast.sub.usage",      "broadcast.button.on",
          "broadcast.button.off",     "broadcast.header.info",    "broadcast.header.warning",
          "broadcast.header.urgent",  "broadcast.footer",         "broadcast.officer_only",
          "broadcast.stats",          "broadcast.stats.usage",    "broadcast.stats.unknown",
          "broadcast.status.running", "broadcast.status.paused",  "broadcast.status.done",
          "broadcast.status.cancelled", "broadcast.approve.usage", "broadcast.approve.done",
          "broadcast.approve.same_officer", "broadcast.approve.not_waiting",
          "broadcast.stats.line", "broadcast.stats.none", "broadcast.stats.recent", "broadcast.stats.more",
          "broadcast.cancel.usage", "broadcast.cancel.done", "broadcast.cancel.finished",
          "broadcast.pause.usage", "broadcast.pause.done", "broadcast.pause.wrong_state",
          "broadcast.resume.usage", "broadcast.resume.done", "broadcast.resume.wrong_state",
          "broadcast.target.all", "broadcast.target.subscribers", "broadcast.target.groups",
          "broadcast.target.province", "broadcast.target.more", "broadcast.sub.ask_place",
          "broadcast.sub.ask_again", "broadcast.sub.button.general", "help.broadcast.group", "help.broadcast.officer"};
  for (auto& k : composer_string_keys()) keys.push_back(std::move(k));
  return keys;
}

}  // namespace hocvuso::broadcast
