// /dangnhap and the one-time links (sign_in.hpp).
#include "flows/dashboard/sign_in.hpp"

#include <array>
#include <string_view>

#include "bot/crypto/digest.hpp"
#include "bot/store/outbox_texts.hpp"
#include "bot/text/fold.hpp"
#include "flows/help.hpp"

namespace hocvuso::dashboard {

namespace {

void sign_in_command(Context& ctx, const DashboardOptions& options) {
  if (ctx.in_group()) {
    // A link posted in a group could be taken by anyone in it: never send one there.
    ctx.reply(ctx.t("dashboard.private_only"));
    return;
  }
  const WebUser user{ctx.in().chat.channel, ctx.in().sender_id};
  const auto issued = issue_link(ctx.store(), user, options.public_url, ctx.now());
  if (const auto* refusal = std::get_if<LinkRefusal>(&issued)) {
    ctx.reply(ctx.t(*refusal == LinkRefusal::no_role ? "dashboard.no_role" : "dashboard.rate_limited"));
    return;
  }
  const auto& link = std::get<IssuedLink>(issued);
  Outgoing out{ctx.in().chat, ctx.t("dashboard.link", {{"url", link.url}}), {}, std::nullopt, link.tag};
  out.link_preview = false;
  ctx.send(std::move(out));
}

constexpr std::string_view kLinkButton = "dash:link";

// "vào trang quản lý thế nào", "xin link dashboard", "đăng nhập trang web quản lý": an
// officer's or leader's question about the web dashboard, which the FAQ (written for
// citizens) would decline or answer with VNeID's sign-in. Words that name the dashboard
// itself, not "đăng nhập" alone: a citizen's "đăng nhập VNeID" stays the FAQ's.
bool asks_for_dashboard(std::string_view text) {
  const std::string folded = text::fold(text);
  // Tried by hand as officers write (6 Dec): "xin link dang nhap" was declined and "vao
  // trang admin the nao" got a scam victim's answer, so those wordings are here too.
  static constexpr std::array<std::string_view, 9> kNames = {
      "trang quan ly", "dashboard",       "trang quan tri",       "bang dieu khien", "web quan ly",
      "trang admin",   "link dang nhap",  "duong dan dang nhap", "dang nhap web"};
  for (const auto name : kNames) {
    if (folded.find(name) != std::string::npos) return true;
  }
  return false;
}

// Private free text about the dashboard from someone with a role: how to sign in, with
// a button that sends the link. Everyone else's text goes on to the FAQ unchanged.
bool dashboard_question(Context& ctx) {
  if (ctx.in_group() || !asks_for_dashboard(ctx.in().text)) return false;
  if (grants_of(ctx.store(), WebUser{ctx.in().chat.channel, ctx.in().sender_id}).empty()) return false;
  ctx.reply(ctx.t("dashboard.how_to"), {{Button{ctx.t("dashboard.link_button"), std::string(kLinkButton)}}});
  return true;
}

}  // namespace

std::string csrf_token(std::string_view session_secret) {
  return crypto::sha256_hex(std::string("hocvuso-csrf:").append(session_secret)).substr(0, 32);
}

std::string actor(const WebUser& user) { return std::string(to_string(user.channel)) + ":" + user.user_id; }

std::vector<roles::Grant> grants_of(Store& store, const WebUser& user) {
  std::vector<roles::Grant> out;
  for (auto& g : roles::RoleStore::of(store).list()) {
    if (g.channel == user.channel && g.user_id == user.user_id) out.push_back(std::move(g));
  }
  return out;
}

std::variant<IssuedLink, LinkRefusal> issue_link(Store& store, const WebUser& user, std::string_view public_url,
                                                 TimePoint now) {
  if (grants_of(store, user).empty()) return LinkRefusal::no_role;
  auto& ds = DashboardStore::of(store);
  if (ds.links_since(user, now - kLinkLifetime) >= kLinksPerWindow) {
    ds.audit(actor(user), "link_refused", "rate limit", now);
    return LinkRefusal::rate_limited;
  }
  const std::string secret = crypto::random_hex(kSecretBytes);
  const std::string hash = crypto::sha256_hex(secret);
  ds.add_link(hash, user, now, now + kLinkLifetime);
  ds.audit(actor(user), "link", "", now);
  // The tag names the link by a part of its hash, never by the secret.
  return IssuedLink{std::string(public_url) + "/dashboard/dangnhap?t=" + secret,
                    std::string(kLinkTagPrefix) + hash.substr(0, 16)};
}

void register_dashboard(Dispatcher& d, DashboardOptions options) {
  d.on_command("dangnhap", [options](Context& ctx) { sign_in_command(ctx, options); });
  d.on_payload(std::string(kLinkButton), [options](Context& ctx) { sign_in_command(ctx, options); });
  d.on_text_claim(dashboard_question);
  // Delivered links leave the outbox's kept rows within a tick (tick_seconds).
  d.on_tick([](JobContext& t) { erase_finished_texts(t.store(), kLinkTagPrefix); });
  flows::add_help("help.dashboard.leader", flows::Audience::leader, flows::Where::private_chat);
}

std::vector<std::string> dashboard_string_keys() {
  return {"dashboard.private_only", "dashboard.no_role", "dashboard.rate_limited", "dashboard.link",
          "dashboard.how_to",       "dashboard.link_button", "help.dashboard.leader"};
}

}  // namespace hocvuso::dashboard
