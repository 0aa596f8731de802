// Sign-in to the dashboard by one-time link (issue 22). An officer, admin or team
// leader writes /dangnhap to the bot in private; the reply carries a link that works
// once, for 10 minutes, for that user only. Opening it (GET) shows a button; the POST
// behind the button consumes it and opens a session (chat apps and link scanners
// open links to preview them, so a GET must never sign anyone in).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "bot/core/dispatcher.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::dashboard {

inline constexpr std::chrono::minutes kLinkLifetime{10};
inline constexpr std::chrono::hours kSessionIdle{8};
// Links one user may take in a link's lifetime; more is refused until the oldest ages out.
inline constexpr int kLinksPerWindow = 3;

// Random bytes of a link or session secret (crypto::random_hex); only its SHA-256
// (crypto::sha256_hex) is stored.
inline constexpr std::size_t kSecretBytes = 32;

// The CSRF token of a session: derived from the session's secret, so nothing more is
// stored and it changes with every session.
std::string csrf_token(std::string_view session_secret);

// "telegram:12345": how the audits name a person.
std::string actor(const WebUser& user);

// The grants a user holds (any role, any place); empty: may not sign in.
std::vector<roles::Grant> grants_of(Store& store, const WebUser& user);

struct IssuedLink {
  std::string url;  // <public_url>/dashboard/dangnhap?t=<secret>
  std::string tag;  // the outbox tag of the message that carries it
};
enum class LinkRefusal { no_role, rate_limited };

// Makes a link for the user (store thread). public_url without a trailing slash.
std::variant<IssuedLink, LinkRefusal> issue_link(Store& store, const WebUser& user, std::string_view public_url,
                                                 TimePoint now);

struct DashboardOptions {
  std::string public_url;  // "https://hocvuso.example.vn"; links are built on it
};

// /dangnhap in private chats, and the job that erases delivered links from the outbox.
void register_dashboard(Dispatcher& d, DashboardOptions options);
std::vector<std::string> dashboard_string_keys();

}  // namespace hocvuso::dashboard
