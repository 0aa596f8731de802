// Secrets are masked first, so nothing later (store, log, retrieval) sees them.
#include "flows/faq/faq_flow.hpp"

#include "bot/content/content.hpp"
#include "bot/store/store.hpp"
#include "bot/text/cut.hpp"
#include "bot/text/normalize.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_policy.hpp"
#include "flows/faq/faq_store.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/menu.hpp"

namespace hocvuso::faq {

namespace {

constexpr const char* kShow = "faq:show:";
constexpr const char* kUp = "faq:up:";
constexpr const char* kDown = "faq:down:";

std::string payload_rest(const Context& ctx, std::string_view prefix) {
  return ctx.in().button_payload.substr(prefix.size());
}

ButtonRows answer_buttons(const Context& ctx, const FaqEntry& e) {
  ButtonRows rows;
  rows.push_back({Button{ctx.t("faq.button.up"), kUp + e.id}, Button{ctx.t("faq.button.down"), kDown + e.id}});
  if (!e.lesson.empty()) rows.push_back({Button{ctx.t("faq.button.lesson"), "learn:" + e.lesson}});
  rows.push_back({Button{ctx.t("menu.back"), flows::kMenuHome}});
  return rows;
}

void show_answer(Context& ctx, const FaqEntry& e) { ctx.reply(e.answer, answer_buttons(ctx, e)); }

ButtonRows entry_buttons(const Context& ctx, const FaqContent& faq, const std::vector<std::string>& ids) {
  ButtonRows rows;
  for (const auto& id : ids)
    if (const FaqEntry* e = faq.find(id)) rows.push_back({Button{e->title, kShow + e->id}});
  rows.push_back({Button{ctx.t("menu.back"), flows::kMenuHome}});
  return rows;
}

ButtonRows decline_buttons(const Context& ctx) {
  return {{Button{ctx.t("menu.team"), flows::kMenuTeam}}, {Button{ctx.t("menu.back"), flows::kMenuHome}}};
}

void answer_question(Context& ctx) {
  const text::MaskedText masked = text::mask_secrets(ctx.in().text);
  if (masked.needs_warning()) ctx.reply(ctx.t("faq.secret_warning"));
  const auto& faq = ctx.content().get<FaqContent>();
  const Decision d = decide(faq, masked.text);
  const auto entry = [&](std::size_t i) -> const FaqEntry& { return faq.entries[d.hits[i].doc]; };
  switch (d.outcome) {
    case Outcome::greeting:
    case Outcome::thanks:
      // Small talk gets a friendly word and the menu, never "Mình chưa hiểu ý bạn".
      if (!masked.needs_warning())
        ctx.reply(ctx.t(d.outcome == Outcome::thanks ? "faq.smalltalk.thanks" : "faq.smalltalk.hello"),
                  flows::menu_buttons(ctx));
      return;
    case Outcome::refuse:
      ctx.reply(ctx.t("faq.refuse"), flows::back_to_menu(ctx));
      return;
    case Outcome::answer:
      show_answer(ctx, entry(0));
      return;
    case Outcome::choices: {
      ButtonRows rows;
      for (std::size_t i = 0; i < d.hits.size(); ++i) rows.push_back({Button{entry(i).title, kShow + entry(i).id}});
      rows.push_back({Button{ctx.t("menu.team"), flows::kMenuTeam}});
      ctx.reply(ctx.t("faq.choices"), std::move(rows));
      break;
    }
    case Outcome::decline:
      ctx.reply(ctx.t("faq.decline"), decline_buttons(ctx));
      break;
  }
  FaqStore::of(ctx.store())
      .record_miss(text::cut_utf8(text::normalize(masked.text), kMissChars), to_string(d.outcome),
                   d.hits.empty() ? "" : entry(0).id, ctx.now());
}

}  // namespace

void register_faq(Dispatcher& d) {
  d.on_text(answer_question);
  d.on_payload(flows::kMenuFaq, [](Context& ctx) {
    const auto& faq = ctx.content().get<FaqContent>();
    ctx.reply(ctx.t("faq.prompt"), entry_buttons(ctx, faq, faq.examples));
  });
  d.on_payload(flows::kMenuScam, [](Context& ctx) {
    const auto& faq = ctx.content().get<FaqContent>();
    // Warnings of new scams come with a subscription: one tap away here (flows/broadcast).
    auto rows = entry_buttons(ctx, faq, faq.scams);
    rows.insert(rows.end() - 1, std::vector<Button>{Button{ctx.t("broadcast.button.on"), broadcast::kSubscribePayload}});
    ctx.reply(ctx.t("faq.scams"), std::move(rows));
  });
  d.on_payload(kShow, [](Context& ctx) {
    const auto& faq = ctx.content().get<FaqContent>();
    if (const FaqEntry* e = faq.find(payload_rest(ctx, kShow))) {
      show_answer(ctx, *e);
    } else {
      ctx.reply(ctx.t("faq.gone"), flows::back_to_menu(ctx));  // an old button after a content change
    }
  });
  for (const char* prefix : {kUp, kDown}) {
    const bool up = prefix == kUp;
    d.on_payload(prefix, [prefix, up](Context& ctx) {
      const std::string id = payload_rest(ctx, prefix);
      if (!ctx.content().get<FaqContent>().find(id)) return ctx.reply(ctx.t("faq.gone"), flows::back_to_menu(ctx));
      FaqStore::of(ctx.store()).record_feedback(id, up);
      ctx.reply(ctx.t(up ? "faq.thanks_up" : "faq.thanks_down"), flows::back_to_menu(ctx));
    });
  }
}

std::vector<std::string> faq_string_keys() {
  return {"faq.prompt",      "faq.scams",       "faq.choices",      "faq.decline",     "faq.refuse",
          "faq.secret_warning", "faq.gone",     "faq.thanks_up",    "faq.thanks_down", "faq.button.up",
          "faq.button.down", "faq.button.lesson", "faq.smalltalk.hello", "faq.smalltalk.thanks"};
}

}  // namespace hocvuso::faq
