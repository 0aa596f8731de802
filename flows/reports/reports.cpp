// Handlers for team reports.
#include "flows/reports/reports.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "bot/core/local_time.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/groups/groups.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/groups/places.hpp"
#include "flows/groups/words.hpp"
#include "flows/help.hpp"
#include "flows/reports/parser.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/reports/summary.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::reports {

namespace {

constexpr const char* kConfirm = "rp:ok:";
constexpr const char* kFix = "rp:fix:";
constexpr const char* kWithdraw = "rp:del:";
// A report names at most this many villages; a commune has a few dozen at most.
constexpr std::size_t kMaxVillages = 50;

std::chrono::year_month_day today(const Context& ctx) { return local_date(ctx.now()); }

Period default_period(std::chrono::year_month_day day) { return Period::containing(PeriodKind::quarter, day); }

// The team a message speaks for: the group's commune; in a private chat that joined a
// team by code (flows/groups/private_team), that commune, as in a group; otherwise the
// linked group the person wrote in last.
std::optional<groups::LinkedGroup> team_of(Context& ctx) {
  auto& store = groups::GroupStore::of(ctx.store());
  if (!ctx.in_group()) {
    if (auto joined = groups::PrivateTeamStore::of(ctx.store()).commune_of(ctx.in().chat)) {
      return groups::LinkedGroup{ctx.in().chat, *joined};
    }
  }
  if (ctx.in_group()) {
    auto link = store.link(ctx.in().chat);
    if (!link) {
      ctx.reply(ctx.t("groups.not_linked"));
      return std::nullopt;
    }
    return groups::LinkedGroup{ctx.in().chat, *link};
  }
  auto group = store.latest_group_of(ctx.in().chat.channel, ctx.in().sender_id);
  if (!group) ctx.reply(ctx.t("reports.private_not_linked"));
  return group;
}

std::string indicator_name(const ReportContent& content, const std::string& id) {
  const Indicator* i = content.find(id);
  return i == nullptr ? id : i->name;
}

// Why a piece was left unread, when the reader knows ("cài vneid 6 người", "khoảng 20",
// "kế hoạch …"), so the leader sees what to send; each line starts with "\n".
std::string other_figure_notes(const Context& ctx, const ReportContent& content, const ParsedReport& parse) {
  std::string text;
  for (const auto& id : parse.other_figure)
    if (const Indicator* ind = content.find(id))
      text += "\n" + ctx.t("reports.other_figure", {{"name", ind->name}, {"note", ind->unsure_note}});
  if (parse.approximate) text += "\n" + ctx.t("reports.approximate");
  if (parse.planned) text += "\n" + ctx.t("reports.planned");
  if (parse.negated) text += "\n" + ctx.t("reports.negated");
  if (parse.cumulative) text += "\n" + ctx.t("reports.cumulative");
  return text;
}

// The unread pieces and why, one line each and each ending in "\n" ("" when all was read).
std::string unread_lines(const Context& ctx, const ReportContent& content, const ParsedReport& parse) {
  std::string unread;
  for (const auto& u : parse.unread) unread += (unread.empty() ? "«" : ", «") + u + "»";
  std::string lines = unread.empty() ? "" : ctx.t("reports.unread", {{"parts", unread}}) + "\n";
  if (const std::string notes = other_figure_notes(ctx, content, parse); !notes.empty()) lines += notes.substr(1) + "\n";
  return lines;
}

// The words a figure was read from, when this reply follows the message itself.
const std::string* source_of(const ParsedReport* parse, const std::string& village_key, const std::string& id) {
  if (parse == nullptr) return nullptr;
  for (const auto& part : parse->parts) {
    if (part.village_key != village_key) continue;
    for (std::size_t k = 0; k < part.values.size() && k < part.sources.size(); ++k) {
      if (part.values[k].first == id) return &part.sources[k];
    }
  }
  return nullptr;
}

// What the bot understood, line by line, so a leader can check every figure against
// the words it came from ("«hướng dẫn mười hai người» → Người dân được hướng dẫn: 12").
// `new_report`: the message was a new report, so a period it does not name was assumed.
std::string describe(const Context& ctx, const Submission& s, const ParsedReport* parse, bool new_report = false) {
  const auto& content = ctx.content().get<ReportContent>();
  const auto& places = ctx.content().get<groups::Places>();
  std::string text = ctx.t("reports.understood.head",
                           {{"number", std::to_string(s.number)},
                            {"commune", groups::commune_name(places, {s.province, s.commune})},
                            {"period", s.period.label_vi()}});
  for (const auto& row : s.rows) {
    text += "\n" + (row.village.empty() ? ctx.t("reports.commune_level") : row.village) + ":";
    if (row.figures.empty()) text += "\n" + ctx.t("reports.no_figures");
    for (const auto& [id, v] : row.figures) {
      const std::string* source = source_of(parse, row.village_key, id);
      text += "\n• " + (source != nullptr && !source->empty() ? "«" + *source + "» → " : std::string()) +
              indicator_name(content, id) + ": " + format_count_vi(v);
    }
  }
  if (parse != nullptr) {
    if (new_report && !parse->period) text += "\n" + ctx.t("reports.period_assumed", {{"period", s.period.label_vi()},
                                                                        {"number", std::to_string(s.number)}});
    if (!parse->unread.empty()) {
      std::string parts;
      for (const auto& u : parse->unread) parts += (parts.empty() ? "«" : ", «") + u + "»";
      text += "\n" + ctx.t("reports.unread", {{"parts", parts}}) + "\n" +
              ctx.t("reports.unread_not_counted", {{"number", std::to_string(s.number)}});
    }
    if (!parse->no_number.empty()) {
      std::string names;
      for (const auto& id : parse->no_number) names += (names.empty() ? "" : ", ") + indicator_name(content, id);
      text += "\n" + ctx.t("reports.no_number", {{"names", names}});
    }
    text += other_figure_notes(ctx, content, *parse);
  }
  return text;
}

// A message that cannot be filed as it stands (a period that does not exist or has not
// begun, two periods, too many villages): the question to ask instead; empty when it can.
// `future_ok`: targets may be set for a period to come.
std::string refusal(const Context& ctx, const ParsedReport& parse, bool future_ok = false) {
  if (parse.period_problem && !(future_ok && parse.period_problem->kind == PeriodProblem::Kind::future)) {
    const char* key = parse.period_problem->kind == PeriodProblem::Kind::not_exist ? "reports.period.not_exist"
                      : parse.period_problem->kind == PeriodProblem::Kind::future  ? "reports.period.future"
                                                                                    : "reports.period.two";
    return ctx.t(key, {{"written", parse.period_problem->written},
                       {"example", Period::containing(PeriodKind::quarter, local_date(ctx.now())).label_vi()}});
  }
  if (parse.village_count() > kMaxVillages) {
    return ctx.t("reports.too_many_villages",
                 {{"count", std::to_string(parse.village_count())}, {"max", std::to_string(kMaxVillages)}});
  }
  return {};
}

ButtonRows confirm_buttons(const Context& ctx, std::int64_t number) {
  const std::string n = std::to_string(number);
  return {{Button{ctx.t("reports.btn.confirm"), kConfirm + n}, Button{ctx.t("reports.btn.fix"), kFix + n},
           Button{ctx.t("reports.btn.withdraw"), kWithdraw + n}}};
}

std::vector<ReportRow> rows_of(const ParsedReport& parse, const groups::Commune* commune) {
  std::vector<ReportRow> rows;
  for (const auto& part : parse.parts) {
    ReportRow row{part.village, part.village_key, part.values};
    // A village the places list knows is shown as the list spells it.
    if (commune != nullptr) {
      for (const auto& v : commune->villages) {
        if (v.key == part.village_key) row.village = v.name;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void report_from(Context& ctx, std::string_view text) {
  auto team = team_of(ctx);
  if (!team) return;
  const auto& content = ctx.content().get<ReportContent>();
  const auto& places = ctx.content().get<groups::Places>();
  const ParsedReport parse = parse_report(text, content, today(ctx));
  if (auto why = refusal(ctx, parse); !why.empty()) {
    ctx.reply(why);  // nothing stored: the author sends it again
    return;
  }
  if (!parse.has_values()) {
    ctx.reply(ctx.t("reports.nothing", {{"unread", unread_lines(ctx, content, parse)}}));
    return;
  }
  Submission s;
  s.chat = ctx.in().chat;
  s.author_id = ctx.in().sender_id;
  s.message_id = ctx.in().platform_message_id;
  s.province = team->link.province;
  s.commune = team->link.commune;
  s.period = parse.period.value_or(default_period(today(ctx)));
  s.status = "pending";
  s.rows = rows_of(parse, places.commune(s.province, s.commune));
  auto& store = ReportStore::of(ctx.store());
  s.number = store.create(s, ctx.now());
  groups::GroupStore::of(ctx.store()).count_report(team->chat, ctx.in().sender_id, day_number(today(ctx)));
  ctx.reply(describe(ctx, s, &parse, /*new_report=*/true) + "\n" + ctx.t("reports.ask_confirm"),
            confirm_buttons(ctx, s.number));
}

// The submission a command or button names, if this person may change it: its
// author, or a leader (or officer, admin) of its commune.
std::optional<Submission> changeable(Context& ctx, std::optional<std::int64_t> number) {
  auto& store = ReportStore::of(ctx.store());
  if (!number) number = store.latest(ctx.in().chat, ctx.in().sender_id);
  if (!number) {
    ctx.reply(ctx.t("reports.none_to_change"));
    return std::nullopt;
  }
  auto s = store.find(*number);
  // A report is changed where it was sent, or in private by its author.
  if (!s || (!(s->chat == ctx.in().chat) && s->author_id != ctx.in().sender_id)) {
    ctx.reply(ctx.t("reports.not_found", {{"number", std::to_string(*number)}}));
    return std::nullopt;
  }
  const bool author = s->author_id == ctx.in().sender_id && s->chat.channel == ctx.in().chat.channel;
  if (!author && !roles::RoleStore::of(ctx.store()).has_role(ctx.in().chat.channel, ctx.in().sender_id,
                                                         roles::Role::leader, {s->province, s->commune})) {
    ctx.reply(ctx.t("reports.not_allowed"));
    return std::nullopt;
  }
  if (s->status == "withdrawn") {
    ctx.reply(ctx.t("reports.already_withdrawn", {{"number", std::to_string(*number)}}));
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> number_in(std::string_view payload, std::string_view prefix) {
  try {
    return std::stoll(std::string(payload.substr(prefix.size())));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// "/suabaocao 12 huongdan=30": a leading number names the report.
std::pair<std::optional<std::int64_t>, std::string> split_number(const std::string& args) {
  std::size_t i = 0;
  while (i < args.size() && std::isdigit(static_cast<unsigned char>(args[i]))) ++i;
  if (i == 0 || i > 9 || (i < args.size() && args[i] != ' ')) return {std::nullopt, args};
  return {std::stoll(args.substr(0, i)), i < args.size() ? args.substr(i + 1) : ""};
}

void confirm(Context& ctx) {
  auto s = changeable(ctx, number_in(ctx.in().button_payload, kConfirm));
  if (!s) return;
  if (s->status != "confirmed") {
    ReportStore::of(ctx.store()).set_status(s->number, "confirmed", ctx.in().chat.channel, ctx.in().sender_id, ctx.now());
  }
  ctx.reply(ctx.t("reports.confirmed", {{"number", std::to_string(s->number)}}));
}

void withdraw(Context& ctx, std::optional<std::int64_t> number) {
  auto s = changeable(ctx, number);
  if (!s) return;
  ReportStore::of(ctx.store()).set_status(s->number, "withdrawn", ctx.in().chat.channel, ctx.in().sender_id, ctx.now());
  ctx.reply(ctx.t("reports.withdrawn", {{"number", std::to_string(s->number)}}));
}

// What a corrected report now says; a report still waiting for confirmation asks again.
void reply_corrected(Context& ctx, const Submission& after, const ParsedReport& parse) {
  std::string text_out = ctx.t("reports.corrected", {{"number", std::to_string(after.number)}}) + "\n" +
                         describe(ctx, after, &parse);
  if (after.status == "pending") {
    ctx.reply(text_out + "\n" + ctx.t("reports.ask_confirm"), confirm_buttons(ctx, after.number));
  } else {
    ctx.reply(text_out);
  }
}
void correct(Context& ctx) {
  auto [number, text] = split_number(ctx.command()->args);
  auto s = changeable(ctx, number);
  if (!s) return;
  const auto& content = ctx.content().get<ReportContent>();
  const ParsedReport parse = parse_report(text, content, today(ctx));
  if (auto why = refusal(ctx, parse); !why.empty()) {
    ctx.reply(why);
    return;
  }
  if (!parse.has_values() && !parse.period) {
    ctx.reply(ctx.t("reports.fix_hint", {{"number", std::to_string(s->number)}}));
    return;
  }
  Submission after = *s;
  if (parse.period) after.period = *parse.period;
  const auto* commune = ctx.content().get<groups::Places>().commune(s->province, s->commune);
  for (auto& part : rows_of(parse, commune)) {
    // The village it names, or the only row when it names none.
    auto row = std::find_if(after.rows.begin(), after.rows.end(),
                            [&](const ReportRow& r) { return r.village_key == part.village_key; });
    if (row == after.rows.end() && part.village_key.empty() && after.rows.size() == 1) row = after.rows.begin();
    if (row == after.rows.end()) {
      after.rows.push_back(std::move(part));
      continue;
    }
    for (const auto& figure : part.figures) {  // not a structured binding: clang 14 cannot capture one
      const auto& [id, v] = figure;
      auto f = std::find_if(row->figures.begin(), row->figures.end(),
                            [&](const auto& x) { return x.first == figure.first; });
      if (f == row->figures.end()) {
        row->figures.emplace_back(id, v);
      } else {
        f->second = v;
      }
    }
  }
  ReportStore::of(ctx.store()).correct(after, ctx.in().chat.channel, ctx.in().sender_id, ctx.now());
  reply_corrected(ctx, after, parse);
}

// The leader edited the message a report came from: the report becomes what the
// message now says (the whole message, so rows it no longer names are dropped).
void edited_report(Context& ctx) {
  auto& store = ReportStore::of(ctx.store());
  const auto number = store.by_message(ctx.in().chat, ctx.in().platform_message_id);
  if (!number) return;  // an edit of ordinary chatter: nothing to do
  auto s = store.find(*number);
  if (!s || s->author_id != ctx.in().sender_id) return;
  std::string_view text = ctx.in().text;
  if (auto cmd = ctx.command(); cmd && cmd->name == "baocao") text = cmd->args;
  const ParsedReport parse = parse_report(text, ctx.content().get<ReportContent>(), today(ctx));
  if (auto why = refusal(ctx, parse); !why.empty()) {
    ctx.reply(why);  // the report keeps what it had
    return;
  }
  if (!parse.has_values()) return;  // keep the figures rather than empty them by accident
  Submission after = *s;
  after.period = parse.period.value_or(s->period);
  after.rows = rows_of(parse, ctx.content().get<groups::Places>().commune(s->province, s->commune));
  store.correct(after, ctx.in().chat.channel, ctx.in().sender_id, ctx.now());
  reply_corrected(ctx, after, parse);
}

void show_template(Context& ctx) {
  std::string text = ctx.t("reports.template");
  for (const auto& i : ctx.content().get<ReportContent>().indicators) text += "\n• " + i.id + ": " + i.name;
  ctx.reply(text);
}

// The period a /tongket or /xephang asks for; the current quarter by default.
std::optional<Period> asked_period(Context& ctx) {
  const std::string& args = ctx.command()->args;
  if (auto p = Period::parse(args)) return p;
  const auto parse = parse_report(args, ctx.content().get<ReportContent>(), today(ctx));
  if (parse.period_problem && parse.period_problem->kind != PeriodProblem::Kind::future) {
    ctx.reply(ctx.t("reports.bad_period"));  // "quý 5" is no period to sum up
    return std::nullopt;
  }
  if (parse.period) return parse.period;
  if (!groups::folded_words(args).empty()) {
    ctx.reply(ctx.t("reports.bad_period"));
    return std::nullopt;
  }
  return default_period(today(ctx));
}

// The commune a /chitieu names ("/chitieu quý 4 Lóng Sập huongdan=80"): words the
// reader did not take, looked up with the places resolver. The group's own commune when
// it names none; nullopt (after saying so) when it names one nobody knows.
// This is the one call into the resolver, to switch when places move to official codes.
// The commune a command names ("/chitieu quý 4 Lóng Sập …"), looked up first in
// `province` (the group's); `fallback` when it names none. nullopt after telling the
// asker why: a name that is not exactly one unit, or no name and no fallback.
// The units a name written in `text` at `run` is: "Chiềng La" reaches the reader as
// "Chiềng", since "la" is a filler word to it ("là"), so up to two more words of the text
// after the run are tried too, the longest first.
std::vector<const groups::Commune*> communes_named(const groups::Places& places, std::string_view text,
                                                   const std::string& run, std::string_view province) {
  std::vector<std::string> names = {run};
  if (const std::size_t at = text.find(run); at != std::string_view::npos) {
    std::string name = run;
    std::string_view rest = text.substr(at + run.size());
    for (int more = 0; more < 2; ++more) {
      const std::size_t b = rest.find_first_not_of(' ');
      if (b == std::string_view::npos) break;
      const std::size_t e = std::min(rest.find(' ', b), rest.size());
      std::string_view word = rest.substr(b, e - b);
      // "La:" ends the name; "80" or "=" is no part of it.
      const auto cut =
          std::find_if(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c) || std::ispunct(c); });
      const auto stop = static_cast<std::size_t>(cut - word.begin());
      if (stop == 0) break;
      name += " " + std::string(word.substr(0, stop));
      names.insert(names.begin(), name);
      if (stop < word.size()) break;
      rest = rest.substr(e);
    }
  }
  for (const auto& name : names) {
    auto found = places.find(name, province);
    if (found.empty()) found = places.find(name);
    if (!found.empty()) return found;
  }
  return {};
}

std::optional<groups::GroupLink> named_commune(Context& ctx, const ParsedReport& parse, std::string_view province,
                                               const std::optional<groups::GroupLink>& fallback) {
  const auto& places = ctx.content().get<groups::Places>();
  for (const auto& words : parse.other_words) {
    const auto found = communes_named(places, ctx.command()->args, words, province);
    if (found.size() == 1) return groups::GroupLink{found[0]->province, found[0]->id};
    ctx.reply(ctx.t("reports.targets.unknown_commune", {{"name", words}}));
    return std::nullopt;
  }
  if (!fallback) ctx.reply(ctx.t("reports.targets.which_commune"));
  return fallback;
}

// The places the asker's officer (or admin) grants cover, on this channel.
std::vector<roles::Scope> officer_scopes(Context& ctx) {
  std::vector<roles::Scope> out;
  for (const auto& g : roles::RoleStore::of(ctx.store()).list())
    if (g.channel == ctx.in().chat.channel && g.user_id == ctx.in().sender_id && g.role >= roles::Role::officer)
      out.push_back(g.scope);
  return out;
}

void set_targets(Context& ctx) {
  // The commune the command falls back on: the group's (or the joined private team's).
  std::optional<groups::GroupLink> own;
  if (ctx.in_group() || groups::PrivateTeamStore::of(ctx.store()).commune_of(ctx.in().chat)) {
    auto team = team_of(ctx);
    if (!team) return;
    own = team->link;
  } else {
    // Another private chat: the one commune the asker's grants cover, if they cover one.
    // A province's officer names the commune: a target is never set for the group she
    // happened to write in last.
    const auto scopes = officer_scopes(ctx);
    if (scopes.empty()) {
      ctx.reply(ctx.t("reports.targets.not_allowed"));
      return;
    }
    if (std::all_of(scopes.begin(), scopes.end(),
                    [&](const roles::Scope& x) { return !x.commune.empty() && x == scopes.front(); }))
      own = groups::GroupLink{scopes.front().province, scopes.front().commune};
  }
  const auto& content = ctx.content().get<ReportContent>();
  const auto parse = parse_report(ctx.command()->args, content, today(ctx), Reading::targets);
  if (auto why = refusal(ctx, parse, /*future_ok=*/true); !why.empty()) {
    ctx.reply(why);
    return;
  }
  auto commune = named_commune(ctx, parse, own ? std::string_view(own->province) : std::string_view(), own);
  if (!commune) return;
  const auto& places = ctx.content().get<groups::Places>();
  // Rights over the commune named, which need not be the group's own.
  if (!roles::RoleStore::of(ctx.store()).has_role(ctx.in().chat.channel, ctx.in().sender_id, roles::Role::officer,
                                              {commune->province, commune->commune})) {
    ctx.reply(own && *commune == *own
                  ? ctx.t("reports.targets.not_allowed")
                  : ctx.t("reports.targets.not_yours", {{"place", groups::commune_name(places, *commune)}}));
    return;
  }
  // A target read in part is not set in part: the officer sees what was not read.
  if (!parse.has_values() || !parse.unread.empty()) {
    const std::string lines = unread_lines(ctx, content, parse);
    ctx.reply(lines.empty() ? ctx.t("reports.targets.usage")
                            : lines + ctx.t("reports.targets.none_set") + "\n" + ctx.t("reports.targets.usage"));
    return;
  }
  const Period period = parse.period.value_or(default_period(today(ctx)));
  auto& store = ReportStore::of(ctx.store());
  std::string text;
  for (const auto& row : rows_of(parse, places.commune(commune->province, commune->commune))) {
    text += "\n" + (row.village.empty() ? ctx.t("reports.commune_level") : row.village) + ":";
    for (const auto& [id, v] : row.figures) {
      store.set_target(commune->province, Target{commune->commune, row.village_key, row.village, id, v}, period,
                       ctx.in().sender_id, ctx.now());
      text += "\n• " + indicator_name(content, id) + ": " + format_count_vi(v);
    }
  }
  ctx.reply(ctx.t("reports.targets.set", {{"period", period.label_vi()},
                                          {"place", groups::commune_name(places, *commune)}}) + text);
}

// The asking team, the period it asks about, and that period's summary of the team's
// commune or of its whole province; nullopt after telling the team why not.
struct AskedSummary {
  groups::LinkedGroup team;
  Period period;
  Summary summary;
};
std::optional<AskedSummary> asked_summary(Context& ctx, bool whole_province) {
  auto team = team_of(ctx);
  if (!team) return std::nullopt;
  auto period = asked_period(ctx);
  if (!period) return std::nullopt;
  auto& store = ReportStore::of(ctx.store());
  Summary s = summarize(store, ctx.content().get<groups::Places>(), ctx.content().get<ReportContent>(),
                        {team->link.province, *period, whole_province ? "" : team->link.commune, false});
  return AskedSummary{std::move(*team), *period, std::move(s)};
}

void show_totals(Context& ctx) {
  const auto asked = asked_summary(ctx, /*whole_province=*/false);
  if (!asked) return;
  const auto& [team, period, s] = *asked;
  const auto& content = ctx.content().get<ReportContent>();
  const auto& places = ctx.content().get<groups::Places>();
  std::string text = ctx.t("reports.summary.head", {{"period", period.label_vi()},
                                                    {"commune", groups::commune_name(places, team.link)}});
  if (s.rows.empty() || (s.rows[0].actual.empty() && s.rows[0].target.empty())) {
    ctx.reply(text + "\n" + ctx.t("reports.summary.empty", {{"period", period.label_vi()}}));
    return;
  }
  const SummaryRow& r = s.rows[0];
  for (const auto& i : content.indicators) {
    auto a = r.actual.find(i.id);
    auto t = r.target.find(i.id);
    if (a == r.actual.end() && t == r.target.end()) continue;
    const long long actual = a == r.actual.end() ? 0 : a->second;
    if (t != r.target.end() && t->second > 0) {
      text += "\n" + ctx.t("reports.summary.line_target",
                           {{"name", i.name}, {"actual", format_count_vi(actual)}, {"target", format_count_vi(t->second)},
                            {"percent", format_percent_vi(100.0 * static_cast<double>(actual) / static_cast<double>(t->second))}});
    } else {
      text += "\n" + ctx.t("reports.summary.line", {{"name", i.name}, {"actual", format_count_vi(actual)}});
    }
  }
  text += "\n" + (r.completion ? ctx.t("reports.summary.completion", {{"percent", format_percent_vi(*r.completion)}})
                               : ctx.t("reports.summary.no_targets"));
  ctx.reply(text);
}

void show_ranking(Context& ctx) {
  const auto asked = asked_summary(ctx, /*whole_province=*/true);
  if (!asked) return;
  const auto& [team, period, s] = *asked;
  const auto& places = ctx.content().get<groups::Places>();
  std::string text = ctx.t("reports.ranking.head", {{"period", period.label_vi()},
                                                    {"province", groups::province_name(places, team.link.province)}});
  std::string without;
  int without_count = 0;
  bool any = false;
  for (const auto& r : rank(s)) {
    if (r.rank == 0) {
      // Communes without targets are named only when they reported something.
      if (!r.row->actual.empty()) without += (without.empty() ? "" : ", ") + r.row->commune;
      ++without_count;
      continue;
    }
    any = true;
    text += "\n" + ctx.t("reports.ranking.line", {{"rank", std::to_string(r.rank)},
                                                  {"commune", r.row->commune},
                                                  {"percent", format_percent_vi(*r.row->completion)}});
  }
  if (!any) text += "\n" + ctx.t("reports.summary.no_targets");
  text += "\n" + ctx.t("reports.ranking.no_target", {{"count", std::to_string(without_count)},
                                                     {"reported", without.empty() ? "—" : without}});
  ctx.reply(text);
}

}  // namespace

void send_reminders(JobContext& ctx) {
  const auto* content = ctx.content().find<ReportContent>();
  const auto* places = ctx.content().find<groups::Places>();
  if (content == nullptr || places == nullptr) return;
  const auto day = local_date(ctx.now());
  const int today_n = day_number(day);
  auto& store = ReportStore::of(ctx.store());
  for (const auto& g : groups::GroupStore::of(ctx.store()).linked_groups()) {
    // Due periods by deadline: a quarter and its half-year often share one (08/6).
    std::map<std::string, std::pair<std::chrono::year_month_day, std::vector<Period>>> due;
    for (PeriodKind kind : {PeriodKind::month, PeriodKind::quarter, PeriodKind::half, PeriodKind::year}) {
      auto rule = content->deadline_rule(g.link.province, kind);
      if (!rule) continue;
      Period current = Period::containing(kind, day);
      // With a deadline in the month after, the period just ended may be the one due.
      Period previous = Period::containing(kind, std::chrono::sys_days(current.first_day()) - std::chrono::days{1});
      for (const Period& p : {previous, current}) {
        const auto dl = deadline(p, *rule);
        const auto start = std::chrono::year_month_day(std::chrono::sys_days(dl) - std::chrono::days{content->reminder_days});
        if (today_n < day_number(start) || today_n >= day_number(dl)) continue;
        const std::string dl_iso = format_date_iso(dl);
        if (store.reminder_sent(g.chat, p, dl_iso)) continue;
        due[dl_iso].first = dl;
        due[dl_iso].second.push_back(p);
      }
    }
    for (const auto& [dl_iso, when] : due) {
      const auto& periods = when.second;
      // Named by the longest period; all of them are marked sent.
      const Period& p = *std::max_element(periods.begin(), periods.end(), [](const Period& a, const Period& b) {
        return static_cast<int>(a.kind) < static_cast<int>(b.kind);
      });
      const auto reported = store.reported(g.link.province, g.link.commune, p);
      const auto* commune = places->commune(g.link.province, g.link.commune);
      std::string missing;
      if (commune != nullptr && !commune->villages.empty()) {
        for (const auto& v : commune->villages) {
          if (!reported.contains(v.key)) missing += (missing.empty() ? "" : ", ") + v.name;
        }
        if (!missing.empty()) missing = ctx.t("reports.reminder.missing_villages", "vi", {{"villages", missing}});
      } else if (reported.empty()) {
        missing = ctx.t("reports.reminder.missing_team", "vi");
      }
      if (missing.empty()) continue;  // everyone reported: no reminder
      ctx.send(Outgoing{g.chat,
                        ctx.t("reports.reminder", "vi",
                              {{"period", p.label_vi()},
                               {"deadline", format_date_vi(when.first)},
                               {"missing", missing}}),
                        {},
                        std::nullopt});
      for (const auto& each : periods) store.mark_reminder(g.chat, each, dl_iso, ctx.now());
    }
  }
}

void register_reports(Dispatcher& d) {
  flows::add_help("help.reports.member", flows::Audience::member, flows::Where::group);
  flows::add_help("help.reports.leader", flows::Audience::leader, flows::Where::group);
  flows::add_help("help.reports.officer", flows::Audience::officer, flows::Where::both);
  flows::add_help("help.reports.private", flows::Audience::member, flows::Where::private_chat);
  d.on_command("baocao", [](Context& ctx) {
    if (groups::folded_words(ctx.command()->args).empty()) {
      show_template(ctx);
      return;
    }
    report_from(ctx, ctx.command()->args);
  });
  d.on_group_text([](Context& ctx) {
    // Ordinary chatter is counted by the observer and otherwise left alone.
    if (looks_like_report(ctx.in().text)) report_from(ctx, ctx.in().text);
  });
  // A member who joined by code (flows/groups/private_team) reports in their private chat
  // as in a group, "báo cáo …" without a slash. Only where the chat is linked to a commune:
  // anywhere else these words are a citizen's ("báo cáo lừa đảo") and go to the FAQ.
  d.on_text_claim([](Context& ctx) {
    if (ctx.in_group() || !looks_like_report(ctx.in().text)) return false;
    if (!groups::GroupStore::of(ctx.store()).link(ctx.in().chat)) return false;
    report_from(ctx, ctx.in().text);
    return true;
  });
  d.on_payload(kConfirm, confirm);
  d.on_payload(kWithdraw, [](Context& ctx) { withdraw(ctx, number_in(ctx.in().button_payload, kWithdraw)); });
  d.on_payload(kFix, [](Context& ctx) {
    auto n = number_in(ctx.in().button_payload, kFix);
    ctx.reply(ctx.t("reports.fix_hint", {{"number", std::to_string(n.value_or(0))}}));
  });
  d.on_command("suabaocao", correct);
  d.on_edit(edited_report);
  d.on_command("huybaocao", [](Context& ctx) { withdraw(ctx, split_number(ctx.command()->args).first); });
  d.on_command("maubaocao", show_template);
  d.on_command("chitieu", set_targets);
  d.on_command("tongket", show_totals);
  d.on_command("xephang", show_ranking);
  d.on_tick(send_reminders);
}

std::vector<std::string> reports_string_keys() {
  return {"reports.understood.head", "reports.commune_level",    "reports.no_figures",
          "reports.unread",          "reports.no_number",        "reports.other_figure",  "reports.approximate",  "reports.planned",        "reports.negated",       "reports.cumulative",    "reports.ask_confirm",
          "reports.btn.confirm",     "reports.btn.fix",          "reports.btn.withdraw",
          "reports.nothing",         "reports.private_not_linked", "reports.confirmed",
          "reports.withdrawn",       "reports.corrected",        "reports.fix_hint",
          "reports.not_allowed",     "reports.not_found",        "reports.none_to_change",
          "reports.already_withdrawn", "reports.template",       "reports.targets.set",
          "reports.targets.not_allowed", "reports.targets.none_set", "reports.targets.which_commune", "reports.targets.usage", "reports.summary.head",
          "reports.summary.line_target", "reports.summary.line", "reports.summary.completion",
          "reports.summary.no_targets", "reports.summary.empty", "reports.ranking.head",
          "reports.ranking.line",    "reports.ranking.no_target", "reports.bad_period",
          "reports.reminder",        "reports.reminder.missing_villages", "reports.reminder.missing_team",
          "reports.period_assumed",  "reports.unread_not_counted", "reports.period.not_exist",
          "reports.period.future",   "reports.period.two",       "reports.too_many_villages",
          "reports.targets.unknown_commune", "reports.targets.not_yours", "help.reports.member",
          "help.reports.leader",     "help.reports.officer",     "help.reports.private"};
}

}  // namespace hocvuso::reports
