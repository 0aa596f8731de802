// SQL for team codes (team_codes) and members who joined by code: their private chats
// are rows of group_links, like team groups, so every feature that serves a linked
// group serves them, and anything that rewrites group_links' place ids covers them.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>
#include <random>

#include "bot/store/store.hpp"
#include "flows/groups/private_team.hpp"

namespace hocvuso::groups {

namespace {

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B, G: nothing an old eye or a small screen confuses.
constexpr std::string_view kAlphabet = "ACDEFHJKMNPQRTUVWXY34679";
constexpr std::string_view kPrefix = "TO";  // "Tổ"
constexpr std::size_t kCodeChars = 6;

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string random_code() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (;;) {
    std::string body;
    for (std::size_t i = 0; i < kCodeChars; ++i) body += kAlphabet[rng() % kAlphabet.size()];
    // At least one digit and one letter: a code never reads as a word or a number.
    const bool digit = std::any_of(body.begin(), body.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const bool letter = std::any_of(body.begin(), body.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (digit && letter) return std::string(kPrefix) + "-" + body;
  }
}

}  // namespace

std::optional<std::string> read_team_code(std::string_view text) {
  std::string packed;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '-' || c == '.' || c == '\t' || c == '\n') continue;
    if (c >= 0x80) return std::nullopt;  // a Vietnamese letter: words, not a code
    packed += static_cast<char>(std::toupper(c));
  }
  if (packed.size() != kPrefix.size() + kCodeChars || !packed.starts_with(kPrefix)) return std::nullopt;
  const std::string body = packed.substr(kPrefix.size());
  if (body.find_first_not_of(kAlphabet) != std::string::npos) return std::nullopt;
  if (body.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  return std::string(kPrefix) + "-" + body;
}

std::string PrivateTeamStore::issue_code(const GroupLink& commune, std::string_view issued_by, TimePoint now) {
  for (;;) {
    const std::string code = random_code();
    SQLite::Statement q(store_.database(),
                        "INSERT OR IGNORE INTO team_codes (code, province, commune, issued_by, issued_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, code);
    q.bind(2, commune.province);
    q.bind(3, commune.commune);
    q.bind(4, std::string(issued_by));
    q.bind(5, millis(now));
    q.bind(6, millis(now + kTeamCodeLifetime));
    if (q.exec() == 1) return code;  // 0: the same code exists already (1 in ~10^8): draw again
  }
}

std::optional<GroupLink> PrivateTeamStore::redeem(std::string_view code, const ChatRef& chat, TimePoint now) {
  // One transaction on the store thread: the read and the spend cannot interleave.
  SQLite::Statement find(store_.database(),
                         "SELECT province, commune FROM team_codes WHERE code = ? AND used_by = '' AND expires_at > ?");
  find.bind(1, std::string(code));
  find.bind(2, millis(now));
  if (!find.executeStep()) return std::nullopt;
  GroupLink link{find.getColumn(0).getString(), find.getColumn(1).getString()};
  SQLite::Statement spend(store_.database(), "UPDATE team_codes SET used_by = ?, used_at = ? WHERE code = ?");
  spend.bind(1, std::string(to_string(chat.channel)) + ":" + chat.id);
  spend.bind(2, millis(now));
  spend.bind(3, std::string(code));
  spend.exec();
  GroupStore(store_).set_link(chat, link, "code:" + std::string(code), now);
  return link;
}

std::vector<TeamMember> PrivateTeamStore::members(const GroupLink& commune) {
  SQLite::Statement q(store_.database(),
                      "SELECT g.channel, g.chat_id, COALESCE(u.display_name, ''), g.linked_at FROM group_links g "
                      "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id AND c.chat_type = 'private' "
                      "LEFT JOIN users u ON u.channel = g.channel AND u.user_id = g.chat_id "
                      "WHERE g.province = ? AND g.commune = ? ORDER BY g.linked_at, g.channel, g.chat_id");
  q.bind(1, commune.province);
  q.bind(2, commune.commune);
  std::vector<TeamMember> out;
  while (q.executeStep()) {
    const auto channel = channel_from_string(q.getColumn(0).getString());
    if (!channel) continue;
    out.push_back(TeamMember{ChatRef{*channel, q.getColumn(1).getString()}, q.getColumn(2).getString(),
                             TimePoint(std::chrono::milliseconds(q.getColumn(3).getInt64()))});
  }
  return out;
}

bool PrivateTeamStore::remove(const GroupLink& commune, const ChatRef& chat) {
  SQLite::Statement q(store_.database(),
                      "DELETE FROM group_links WHERE channel = ? AND chat_id = ? AND province = ? AND commune = ? "
                      "AND EXISTS (SELECT 1 FROM chats c WHERE c.channel = group_links.channel "
                      "AND c.chat_id = group_links.chat_id AND c.chat_type = 'private')");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  q.bind(3, commune.province);
  q.bind(4, commune.commune);
  return q.exec() > 0;
}

std::optional<GroupLink> PrivateTeamStore::commune_of(const ChatRef& chat) {
  SQLite::Statement q(store_.database(),
                      "SELECT g.province, g.commune FROM group_links g JOIN chats c ON c.channel = g.channel "
                      "AND c.chat_id = g.chat_id AND c.chat_type = 'private' WHERE g.channel = ? AND g.chat_id = ?");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  return GroupLink{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

}  // namespace hocvuso::groups
