// hocvuso-fakes: the three platform fakes as one standalone process, for trying hocvuso
// by hand (README "Trying it against the fakes"). Prints the environment that points
// `hocvuso serve` at them, then every call they receive, until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <thread>

#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

std::string brief(const nlohmann::json& params) {
  std::string text = params.is_object() ? params.value("text", std::string()) : std::string();
  if (text.empty()) return params.dump().substr(0, 120);
  std::string out;
  for (char c : text) out += c == '\n' ? ' ' : c;
  if (out.size() <= 160) return out;
  std::size_t cut = 160;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return out.substr(0, cut) + "…";
}

}  // namespace

int main() {
  using namespace hocvuso::fakes;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  FakeTelegram telegram;
  FakeZalo zalo;
  FakeZaloBot zalobot;
  std::printf("# fakes are up; point hocvuso at them with:\n");
  std::printf("export HOCVUSO_TELEGRAM_TOKEN='%s' HOCVUSO_TELEGRAM_API_BASE='%s' "
              "HOCVUSO_TELEGRAM_WEBHOOK_SECRET='try-secret-123'\n",
              telegram.token().c_str(), telegram.base_url().c_str());
  std::printf("export HOCVUSO_ZALOBOT_TOKEN='%s' HOCVUSO_ZALOBOT_API_BASE='%s' "
              "HOCVUSO_ZALOBOT_WEBHOOK_SECRET='try-secret-123'\n",
              FakeZaloBotOptions{}.token.c_str(), zalobot.base_url().c_str());
  const FakeZaloOptions z;
  std::printf("export HOCVUSO_ZALO_APP_ID='%s' HOCVUSO_ZALO_APP_SECRET='%s' HOCVUSO_ZALO_OA_SECRET='try-oa-secret' "
              "HOCVUSO_ZALO_ACCESS_TOKEN='%s' HOCVUSO_ZALO_REFRESH_TOKEN='%s' HOCVUSO_ZALO_API_BASE='%s' "
              "HOCVUSO_ZALO_OAUTH_BASE='%s'\n",
              z.app_id.c_str(), z.app_secret.c_str(), z.access_token.c_str(), z.refresh_token.c_str(),
              zalo.base_url().c_str(), zalo.base_url().c_str());
  std::printf("# calls received:\n");
  std::fflush(stdout);

  std::size_t seen_tg = 0, seen_zalo = 0, seen_bot = 0, seen_zalo_bad = 0, seen_bot_bad = 0;
  while (g_stop == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto tg = telegram.calls();
    for (; seen_tg < tg.size(); ++seen_tg) {
      std::printf("telegram %s %s\n", tg[seen_tg].method.c_str(), brief(tg[seen_tg].params).c_str());
    }
    const auto za = zalo.calls();
    for (; seen_zalo < za.size(); ++seen_zalo) {
      const auto& b = za[seen_zalo].body;
      const auto msg = b.is_object() && b.contains("message") ? b["message"] : b;
      std::printf("zalo %s %s\n", za[seen_zalo].path.c_str(), brief(msg).c_str());
    }
    const auto zb = zalobot.calls();
    for (; seen_bot < zb.size(); ++seen_bot) {
      std::printf("zalobot %s %s\n", zb[seen_bot].method.c_str(), brief(zb[seen_bot].params).c_str());
    }
    // What the real Zalo would refuse (more than 4 buttons, a numeric chat_id...), as it happens.
    const auto zalo_bad = zalo.spec_violations();
    for (; seen_zalo_bad < zalo_bad.size(); ++seen_zalo_bad) {
      std::printf("zalo spec violation: %s\n", zalo_bad[seen_zalo_bad].c_str());
    }
    const auto bot_bad = zalobot.spec_violations();
    for (; seen_bot_bad < bot_bad.size(); ++seen_bot_bad) {
      std::printf("zalobot spec violation: %s\n", bot_bad[seen_bot_bad].c_str());
    }
    std::fflush(stdout);
  }
  for (const auto& v : telegram.spec_violations()) std::printf("telegram spec violation: %s\n", v.c_str());
  return 0;
}
