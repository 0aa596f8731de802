// SQL for broadcasts. Recipients are chats (active, not the console) in primary-key
// order: private chats that subscribed, groups unless they opted out.
#include "flows/broadcast/broadcast_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/directory.hpp"
#include "flows/places/places.hpp"

namespace hocvuso::broadcast {

using nlohmann::json;

namespace {

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xF];
  }
  return out;
}

// Who receives a target. Parameters: :scope, :province, :communes (JSON array of codes).
// Two kinds of recipient, each placed by what it told us:
// - private subscribers, by the place they gave (/canhbao bat, the ticket flow);
// - team groups, by the commune the group is linked to (group_links), unless the group
//   sent /canhbao tat; members who joined a team by code (flows/groups/private_team)
//   stand in for a group the bot cannot be in, so they are reached the same way.
// A commune target therefore reaches its team groups too, and a province target every
// commune's groups and subscribers; an unlinked group only gets 'all' and 'groups'.
// `left_out` turns it around: the chats the target would reach but for /canhbao tat
// (a private chat's opted_out, a group's subscribed = 0), for the counts.
// A team member's private chat follows its own /canhbao tat too.
std::string recipients_where(bool left_out) {
  const char* private_on = left_out ? "s.opted_out = 1" : "s.subscribed = 1";
  const char* group_on = left_out ? "s.subscribed = 0" : "coalesce(s.subscribed, 1) = 1";
  const char* member_on = left_out ? "s.opted_out = 1" : "coalesce(s.opted_out, 0) = 0";
  return std::string("c.active = 1 AND c.channel <> 'console' AND (") +
         "  (c.chat_type = 'private' AND " + private_on + " AND :scope <> 'groups' "
         "   AND (:scope <> 'province' OR s.province = :province) "
         "   AND (:scope <> 'communes' OR s.commune IN (SELECT value FROM json_each(:communes)))) "
         "  OR (((c.chat_type = 'group' AND " + group_on + ") "
         "       OR (c.chat_type = 'private' AND g.chat_id IS NOT NULL AND " + member_on + ")) "
         "   AND :scope <> 'subscribers' "
         "   AND (:scope <> 'province' OR coalesce(g.province, s.province) = :province) "
         "   AND (:scope <> 'communes' OR coalesce(g.commune, s.commune) IN (SELECT value FROM json_each(:communes))))) ";
}
const std::string kRecipientsWhere = recipients_where(false);

constexpr const char* kRecipientsFrom =
    "FROM chats c LEFT JOIN broadcast_subscriptions s ON s.channel = c.channel AND s.chat_id = c.chat_id "
    "LEFT JOIN group_links g ON g.channel = c.channel AND g.chat_id = c.chat_id ";

void bind_target(SQLite::Statement& q, const Target& t) {
  q.bind(":scope", t.scope);
  q.bind(":province", t.province);
  q.bind(":communes", json(t.communes).dump());
}

Target read_target(const std::string& scope, const std::string& province, const std::string& communes) {
  Target t;
  t.scope = scope;
  t.province = province;
  t.communes = json::parse(communes).get<std::vector<std::string>>();
  return t;
}

}  // namespace

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "officer") return Role::officer;
  if (s == "admin") return Role::admin;
  return std::nullopt;
}

const char* to_string(Role r) { return r == Role::admin ? "admin" : "officer"; }

bool allows(const Scope& scope, const Target& target, const places::Places* places) {
  if (scope.role == Role::admin) return true;
  if (!scope.commune.empty()) {
    return target.scope == "communes" && !target.communes.empty() &&
           std::all_of(target.communes.begin(), target.communes.end(),
                       [&](const std::string& c) { return c == scope.commune; });
  }
  if (scope.province.empty()) return false;
  if (target.scope == "province") return target.province == scope.province;
  return target.scope == "communes" && places != nullptr && !target.communes.empty() &&
         std::all_of(target.communes.begin(), target.communes.end(), [&](const std::string& code) {
           const auto* unit = places->unit(code);
           return unit != nullptr && unit->province == scope.province;
         });
  return false;
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(md.data(), len);
}

void BroadcastStore::set_subscription(const ChatRef& chat, bool on, std::string_view commune,
                                      std::string_view province, TimePoint now) {
  auto& db = store_.database();
  // A name given now replaces the old one; "/canhbao bat" alone keeps it.
  SQLite::Statement q(db,
                      "INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, opted_out, commune, province, "
                      "updated_at) VALUES (?1, ?2, ?3, 1 - ?3, ?4, ?5, ?6) ON CONFLICT (channel, chat_id) DO UPDATE SET "
                      "subscribed = ?3, opted_out = 1 - ?3, updated_at = ?6, "
                      "commune = CASE WHEN ?4 <> '' THEN ?4 ELSE commune END, "
                      "province = CASE WHEN ?4 <> '' OR ?5 <> '' THEN ?5 ELSE province END");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  q.bind(3, on ? 1 : 0);
  q.bind(4, std::string(commune));
  q.bind(5, std::string(province));
  q.bind(6, millis(now));
  q.exec();
  if (on) return;
  SQLite::Statement drop(db,
                         "UPDATE outbox SET status = 'cancelled', last_error = 'unsubscribed' "
                         "WHERE channel = ? AND chat_id = ? AND status = 'pending' "
                         "AND id IN (SELECT outbox_id FROM broadcast_deliveries)");
  drop.bind(1, std::string(to_string(chat.channel)));
  drop.bind(2, chat.id);
  drop.exec();
}

void BroadcastStore::remember_place(const ChatRef& chat, std::string_view commune, std::string_view province,
                                    TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, commune, province, updated_at) "
                      "VALUES (?1, ?2, 0, ?3, ?4, ?5) ON CONFLICT (channel, chat_id) DO UPDATE SET "
                      "commune = ?3, province = ?4, updated_at = ?5");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  q.bind(3, std::string(commune));
  q.bind(4, std::string(province));
  q.bind(5, millis(now));
  q.exec();
}

std::optional<std::pair<std::string, std::string>> BroadcastStore::place(const ChatRef& chat) {
  SQLite::Statement q(store_.database(),
                      "SELECT commune, province FROM broadcast_subscriptions WHERE channel = ? AND chat_id = ? "
                      "AND commune <> ''");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  return std::pair{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

std::optional<bool> BroadcastStore::subscription(const ChatRef& chat) {
  SQLite::Statement q(store_.database(),
                      "SELECT subscribed FROM broadcast_subscriptions WHERE channel = ? AND chat_id = ?");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt() != 0;
}

std::string BroadcastStore::create_token(const Scope& scope, TimePoint now) {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("no random bytes");
  std::string token = "hvs_" + hex(bytes.data(), bytes.size());
  SQLite::Statement q(store_.database(),
                      "INSERT INTO broadcast_tokens (token_hash, role, province, commune, created_at) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, sha256_hex(token));
  q.bind(2, to_string(scope.role));
  q.bind(3, scope.province);
  q.bind(4, scope.commune);
  q.bind(5, millis(now));
  q.exec();
  return token;
}

namespace {
TokenInfo read_token(SQLite::Statement& q) {
  TokenInfo t;
  t.id = q.getColumn(0).getInt64();
  t.scope.role = role_from_string(q.getColumn(1).getString()).value_or(Role::officer);
  t.scope.province = q.getColumn(2).getString();
  t.scope.commune = q.getColumn(3).getString();
  t.created_at_ms = q.getColumn(4).getInt64();
  t.revoked = !q.getColumn(5).isNull();
  return t;
}
constexpr const char* kTokenColumns = "SELECT id, role, province, commune, created_at, revoked_at FROM broadcast_tokens ";
}  // namespace

std::optional<TokenInfo> BroadcastStore::find_token(std::string_view token) {
  SQLite::Statement q(store_.database(),
                      std::string(kTokenColumns) + "WHERE token_hash = ? AND revoked_at IS NULL");
  q.bind(1, sha256_hex(token));
  if (!q.executeStep()) return std::nullopt;
  return read_token(q);
}

std::vector<TokenInfo> BroadcastStore::tokens() {
  SQLite::Statement q(store_.database(), std::string(kTokenColumns) + "ORDER BY id");
  std::vector<TokenInfo> out;
  while (q.executeStep()) out.push_back(read_token(q));
  return out;
}

bool BroadcastStore::revoke_token(std::int64_t id, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "UPDATE broadcast_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, millis(now));
  q.bind(2, id);
  return q.exec() > 0;
}

bool needs_approval(const Target& target) { return target.scope != "communes"; }

std::int64_t BroadcastStore::create(const NewBroadcast& b, TimePoint now, bool awaiting_approval,
                                    RecipientCounts* counts) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO broadcasts (author, text, severity, link, scope, province, communes, created_at, status, "
                      "recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, b.author);
  q.bind(2, b.text);
  q.bind(3, b.severity);
  q.bind(4, b.link);
  q.bind(5, b.target.scope);
  q.bind(6, b.target.province);
  q.bind(7, json(b.target.communes).dump());
  q.bind(8, millis(now));
  q.bind(9, awaiting_approval ? "awaiting_approval" : "running");
  const RecipientCounts counted = count_by_kind(b.target);
  q.bind(10, recipients_json(counted));
  q.exec();
  if (counts != nullptr) *counts = counted;
  const std::int64_t id = store_.database().getLastInsertRowid();
  json detail = {{"scope", b.target.scope},  {"province", b.target.province}, {"communes", b.target.communes},
                 {"severity", b.severity},   {"link", b.link},                {"text", b.text}};
  audit(b.author, "create", id, detail.dump(), now);
  return id;
}

BroadcastStore::Approval BroadcastStore::approve(std::int64_t id, std::string_view actor, TimePoint now) {
  const auto author = author_of(id);
  if (author && *author == actor) return Approval::same_officer;
  SQLite::Statement q(store_.database(),
                      "UPDATE broadcasts SET status = 'running', approved_by = ? WHERE id = ? AND status = 'awaiting_approval'");
  q.bind(1, std::string(actor));
  q.bind(2, id);
  if (q.exec() == 0) return Approval::not_waiting;
  audit(actor, "approve", id, "", now);
  return Approval::approved;
}

std::int64_t BroadcastStore::count_recipients(const Target& target) {
  SQLite::Statement q(store_.database(),
                      std::string("SELECT count(*) ") + kRecipientsFrom + "WHERE " + kRecipientsWhere);
  bind_target(q, target);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

RecipientCounts BroadcastStore::count_by_kind(const Target& target) {
  RecipientCounts out;
  for (const bool left_out : {false, true}) {
    SQLite::Statement q(store_.database(), std::string("SELECT c.channel, c.chat_type = 'group', count(*) ") +
                                               kRecipientsFrom + "WHERE " + recipients_where(left_out) +
                                               "GROUP BY 1, 2");
    bind_target(q, target);
    while (q.executeStep()) {
      const bool group = q.getColumn(1).getInt() != 0;
      const std::int64_t n = q.getColumn(2).getInt64();
      auto& kinds = left_out ? out.left_out : out.by_kind;
      (group ? kinds.groups : kinds.private_chats) += n;
      if (left_out) continue;
      auto& platform = out.by_platform[q.getColumn(0).getString()];
      (group ? platform.groups : platform.private_chats) += n;
      out.total += n;
    }
  }
  return out;
}

std::string recipients_json(const RecipientCounts& counts) {
  const auto kinds = [](const RecipientCounts::Kinds& k) {
    return json{{"groups", k.groups}, {"private", k.private_chats}};
  };
  json platforms = json::object();
  for (const auto& [channel, k] : counts.by_platform) platforms[channel] = kinds(k);
  return json{{"recipients", counts.total},
              {"by_kind", kinds(counts.by_kind)},
              {"by_platform", platforms},
              {"left_out", kinds(counts.left_out)}}
      .dump();
}

std::optional<std::string> BroadcastStore::recipients_of(std::int64_t id) {
  SQLite::Statement q(store_.database(), "SELECT recipients FROM broadcasts WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

int BroadcastStore::created_today(std::string_view author, TimePoint now) {
  const TimePoint day_start = local_time_point(local_date(now));
  SQLite::Statement q(store_.database(), "SELECT count(*) FROM broadcasts WHERE author = ? AND created_at >= ?");
  q.bind(1, std::string(author));
  q.bind(2, millis(day_start));
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::optional<Progress> BroadcastStore::progress(std::int64_t id) {
  auto& db = store_.database();
  SQLite::Statement b(db, "SELECT status, scope, created_at, queued FROM broadcasts WHERE id = ?");
  b.bind(1, id);
  if (!b.executeStep()) return std::nullopt;
  Progress p;
  p.id = id;
  p.status = b.getColumn(0).getString();
  p.scope = b.getColumn(1).getString();
  p.created_at_ms = b.getColumn(2).getInt64();
  p.queued = b.getColumn(3).getInt64();
  SQLite::Statement q(db,
                      "SELECT o.status, count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
                      "WHERE d.broadcast_id = ? GROUP BY o.status");
  q.bind(1, id);
  while (q.executeStep()) {
    const std::string status = q.getColumn(0).getString();
    const std::int64_t n = q.getColumn(1).getInt64();
    if (status == "pending" || status == "parked") p.pending += n;
    if (status == "sent") p.sent += n;
    if (status == "failed") p.failed += n;
    if (status == "blocked") p.blocked += n;
    if (status == "cancelled") p.cancelled += n;
  }
  return p;
}

std::optional<std::string> BroadcastStore::author_of(std::int64_t id) {
  SQLite::Statement q(store_.database(), "SELECT author FROM broadcasts WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::optional<Target> BroadcastStore::target_of(std::int64_t id) {
  SQLite::Statement q(store_.database(), "SELECT scope, province, communes FROM broadcasts WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_target(q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString());
}

std::vector<BroadcastStore::Recent> BroadcastStore::recent(int limit) {
  SQLite::Statement q(store_.database(),
                      "SELECT id, author, scope, province, communes FROM broadcasts ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  std::vector<Recent> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   read_target(q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getString())});
  }
  return out;
}

bool BroadcastStore::cancel(std::int64_t id, std::string_view actor, TimePoint now) {
  auto& db = store_.database();
  SQLite::Statement b(db,
                      "UPDATE broadcasts SET status = 'cancelled', finished_at = ? "
                      "WHERE id = ? AND status IN ('awaiting_approval', 'running', 'paused', 'done')");
  b.bind(1, millis(now));
  b.bind(2, id);
  if (b.exec() == 0) return false;
  SQLite::Statement q(db,
                      "UPDATE outbox SET status = 'cancelled', last_error = 'broadcast cancelled' "
                      "WHERE status = 'pending' AND id IN "
                      "(SELECT outbox_id FROM broadcast_deliveries WHERE broadcast_id = ?)");
  q.bind(1, id);
  const int dropped = q.exec();
  audit(actor, "cancel", id, "{\"dropped\":" + std::to_string(dropped) + "}", now);
  return true;
}

bool BroadcastStore::set_paused(std::int64_t id, bool paused, std::string_view actor, TimePoint now) {
  SQLite::Statement q(store_.database(), "UPDATE broadcasts SET status = ? WHERE id = ? AND status = ?");
  q.bind(1, paused ? "paused" : "running");
  q.bind(2, id);
  q.bind(3, paused ? "running" : "paused");
  if (q.exec() == 0) return false;
  audit(actor, paused ? "pause" : "resume", id, "", now);
  return true;
}

int BroadcastStore::fan_out(int batch, int window, TimePoint now) {
  auto& db = store_.database();
  SQLite::Statement waiting(db, "SELECT count(*) FROM outbox WHERE status = 'pending' AND priority = ?");
  waiting.bind(1, static_cast<int>(OutboxPriority::broadcast));
  waiting.executeStep();
  const int free = window - waiting.getColumn(0).getInt();
  // Top up only once a tenth of the window is free: a trickle of small top-ups would
  // each count the waiting rows again, and that count is most of a top-up's cost.
  if (free <= 0 || 10 * free < window) return 0;
  const int budget = std::min(batch, free);

  SQLite::Statement running(db,
                            "SELECT id, text, scope, province, communes, cursor_channel, cursor_chat "
                            "FROM broadcasts WHERE status = 'running' ORDER BY id LIMIT 1");
  if (!running.executeStep()) return 0;
  const std::int64_t id = running.getColumn(0).getInt64();
  const std::string text = running.getColumn(1).getString();
  const Target target =
      read_target(running.getColumn(2).getString(), running.getColumn(3).getString(), running.getColumn(4).getString());
  std::string cursor_channel = running.getColumn(5).getString();
  std::string cursor_chat = running.getColumn(6).getString();

  SQLite::Statement next(db, std::string("SELECT c.channel, c.chat_id ") + kRecipientsFrom + "WHERE " +
                                 kRecipientsWhere + "AND (c.channel, c.chat_id) > (:after_channel, :after_chat) " +
                                 "ORDER BY c.channel, c.chat_id LIMIT :limit");
  bind_target(next, target);
  next.bind(":after_channel", cursor_channel);
  next.bind(":after_chat", cursor_chat);
  next.bind(":limit", budget);
  std::vector<ChatRef> chats;
  while (next.executeStep()) {
    auto channel = channel_from_string(next.getColumn(0).getString());
    cursor_channel = next.getColumn(0).getString();
    cursor_chat = next.getColumn(1).getString();
    if (channel) chats.push_back(ChatRef{*channel, cursor_chat});
  }
  SQLite::Statement link(db, "INSERT INTO broadcast_deliveries (outbox_id, broadcast_id) VALUES (?, ?)");
  for (const auto& chat : chats) {
    link.bind(1, store_.enqueue(Outgoing{chat, text, {}, std::nullopt}, OutboxPriority::broadcast, now));
    link.bind(2, id);
    link.exec();
    link.reset();
  }
  const bool finished = static_cast<int>(chats.size()) < budget;
  SQLite::Statement advance(db,
                            "UPDATE broadcasts SET cursor_channel = ?, cursor_chat = ?, queued = queued + ?, "
                            "status = CASE WHEN ? THEN 'done' ELSE status END, "
                            "finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?");
  advance.bind(1, cursor_channel);
  advance.bind(2, cursor_chat);
  advance.bind(3, static_cast<std::int64_t>(chats.size()));
  advance.bind(4, finished ? 1 : 0);
  advance.bind(5, finished ? 1 : 0);
  advance.bind(6, millis(now));
  advance.bind(7, id);
  advance.exec();
  // A finished broadcast with nothing left to queue hands the turn to the next one.
  return finished && chats.empty() ? fan_out(batch, window, now) : static_cast<int>(chats.size());
}

void BroadcastStore::export_csv(std::int64_t id, std::ostream& out) {
  SQLite::Statement q(store_.database(),
                      "SELECT o.channel, o.chat_id, o.status, o.attempts, coalesce(o.sent_at, ''), "
                      "coalesce(o.last_error, '') FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
                      "WHERE d.broadcast_id = ? ORDER BY d.outbox_id");
  q.bind(1, id);
  out << "channel,chat_id,status,attempts,sent_at_ms,last_error\n";
  while (q.executeStep()) {
    std::string error = q.getColumn(5).getString();
    std::string quoted = "\"";
    for (char ch : error) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out << q.getColumn(0).getString() << ',' << q.getColumn(1).getString() << ',' << q.getColumn(2).getString() << ','
        << q.getColumn(3).getInt() << ',' << q.getColumn(4).getString() << ',' << quoted << "\"\n";
  }
}

void BroadcastStore::audit(std::string_view actor, std::string_view action, std::optional<std::int64_t> id,
                           std::string_view detail, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO broadcast_audit (at, actor, action, broadcast_id, detail) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, millis(now));
  q.bind(2, std::string(actor));
  q.bind(3, std::string(action));
  if (id) {
    q.bind(4, *id);
  } else {
    q.bind(4);
  }
  q.bind(5, std::string(detail));
  q.exec();
}

std::optional<Scope> StoreDirectory::officer(Channel channel, std::string_view user_id) {
  SQLite::Statement q(store_.database(),
                      "SELECT role, province, commune FROM broadcast_officers WHERE channel = ? AND user_id = ?");
  q.bind(1, std::string(to_string(channel)));
  q.bind(2, std::string(user_id));
  if (!q.executeStep()) return std::nullopt;
  return Scope{role_from_string(q.getColumn(0).getString()).value_or(Role::officer), q.getColumn(1).getString(),
               q.getColumn(2).getString()};
}

void StoreDirectory::grant(Channel channel, std::string_view user_id, const Scope& scope) {
  SQLite::Statement q(store_.database(),
                      "INSERT OR REPLACE INTO broadcast_officers (channel, user_id, role, province, commune) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, std::string(to_string(channel)));
  q.bind(2, std::string(user_id));
  q.bind(3, to_string(scope.role));
  q.bind(4, scope.province);
  q.bind(5, scope.commune);
  q.exec();
}

}  // namespace hocvuso::broadcast
