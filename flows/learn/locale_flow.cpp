// /ngonngu: one button per locale that content/strings has; the choice is stored by
// the engine (ctx.set_locale) and every later message, lesson and quiz uses it.
#include "flows/learn/flow.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

namespace {

void choose(Context& ctx) {
  ButtonRows rows;
  for (const auto& locale : ctx.strings().locales()) {
    rows.push_back({{ctx.strings().get("locale.name", locale), make_payload(kLocale, {locale})}});
  }
  ctx.reply(ctx.t("locale.choose"), std::move(rows));
}

void set(Context& ctx) {
  const std::string locale = ctx.in().button_payload.substr(kLocale.size());
  const auto locales = ctx.strings().locales();
  if (std::find(locales.begin(), locales.end(), locale) == locales.end()) return choose(ctx);
  ctx.set_locale(locale);
  ctx.reply(ctx.t("locale.set"), flows::menu_buttons(ctx));
}

}  // namespace

void register_locale(Dispatcher& d) {
  d.on_command("ngonngu", choose);
  d.on_payload(std::string(kLocale), set);
}

}  // namespace hocvuso::learn
