// Main menu, /help, and the fallback for unknown commands (free text is the FAQ's).
#include "flows/menu.hpp"

#include <array>

#include "flows/help.hpp"

namespace hocvuso::flows {

namespace {

struct Entry {
  const char* payload;
  const char* label_key;
};

constexpr std::array kEntries = {
    Entry{kMenuLearn, "menu.learn"},  // flows/learn
    Entry{kMenuQuiz, "menu.quiz"},    // flows/learn
    Entry{kMenuFaq, "menu.faq"},      // flows/faq
    Entry{kMenuScam, "menu.scam"},    // flows/faq
    Entry{kMenuTeam, "menu.team"},    // flows/tickets
};

void show_menu(Context& ctx, const std::string& intro) {
  ctx.state() = ConversationState{};  // the menu leaves any flow
  ctx.reply(intro + "\n\n" + ctx.t("menu.prompt"), menu_buttons(ctx));
}

std::string first_name_or_default(const Context& ctx) {
  return ctx.user().display_name.empty() ? ctx.t("common.friend") : ctx.user().display_name;
}

}  // namespace

ButtonRows menu_buttons(const Context& ctx) {
  ButtonRows rows;
  // One button a row: large targets are easier for older people on small phones.
  for (const auto& e : kEntries) rows.push_back({Button{ctx.t(e.label_key), e.payload}});
  return rows;
}

ButtonRows back_to_menu(const Context& ctx) { return {{Button{ctx.t("menu.back"), kMenuHome}}}; }

namespace {

// The common part, then what the features added for this person's role and chat.
void show_help(Context& ctx) {
  std::string text = ctx.t(ctx.in_group() ? "help.group" : "help.private");
  for (const auto& key : help_keys(audience_of(ctx), ctx.in_group())) text += "\n\n" + ctx.t(key);
  ctx.reply(text, back_to_menu(ctx));
}

}  // namespace

void register_menu(Dispatcher& d) {
  d.on_command("start", [](Context& ctx) {
    // In a group (a team's, where /start is the first thing typed after adding the bot)
    // the citizen's menu would be clutter: the group's help says what the bot does there.
    if (ctx.in_group()) return show_help(ctx);
    const std::string name = first_name_or_default(ctx);
    const char* key = ctx.user().is_new ? "start.welcome_new" : "start.welcome_back";
    show_menu(ctx, ctx.t(key, {{"name", name}}));
  });
  d.on_command("menu", [](Context& ctx) { show_menu(ctx, ctx.t("menu.title")); });
  d.on_payload(kMenuHome, [](Context& ctx) { show_menu(ctx, ctx.t("menu.title")); });
  d.on_command("help", show_help);
  d.on_payload(kUnsupportedContentPayload, [](Context& ctx) {
    // A photo or sticker in a group is members talking to each other: not for the bot.
    if (!ctx.in_group()) ctx.reply(ctx.t("fallback.unsupported"), menu_buttons(ctx));
  });
  d.on_unknown_command([](Context& ctx) {
    ctx.reply(ctx.t("fallback.command", {{"command", ctx.command()->name}}), back_to_menu(ctx));
  });
}

std::vector<std::string> menu_string_keys() {
  std::vector<std::string> keys = {"common.friend",     "start.welcome_new", "start.welcome_back",
                                   "menu.title",        "menu.prompt",       "menu.back",
                                   "help.private",      "help.group",        "fallback.text",
                                   "fallback.command",  "fallback.unsupported"};
  for (const auto& e : kEntries) keys.emplace_back(e.label_key);
  return keys;
}

}  // namespace hocvuso::flows
