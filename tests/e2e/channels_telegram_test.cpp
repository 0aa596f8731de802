// The real service against the fake Telegram Bot API over real sockets: webhook secret and dedupe, every real
// fixture update, callbacks, faults and retries, restarts with a pending outbox, long texts and payloads, blocked
// and migrated chats, and long polling with a persisted offset.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/store/store.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/text_units.hpp"
#include "support/e2e_helpers.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::RawConnection;
using testing::RawResponse;
using testing::Headers;
using testing::post_json;
using testing::sql;
using testing::sql_one;
using testing::wait_until;
using namespace std::chrono_literals;

constexpr milliseconds kDeadline = 10s;
constexpr milliseconds kRetryDeadline = 30s;  // 429 pause + backoff with jitter
constexpr const char* kSecret = "s3cret";
constexpr const char* kLessonList = "Chọn một bài để học";  // menu:learn (flows/learn)
constexpr std::int64_t kChat = 12345678;

std::string chat_of(const json& params) {
  const json& id = params.at("chat_id");
  return id.is_string() ? id.get<std::string>() : id.dump();
}

std::string text_of(const json& params) { return params.value("text", std::string()); }

std::vector<std::string> callback_data(const json& params) {
  std::vector<std::string> out;
  if (!params.contains("reply_markup")) return out;
  for (const auto& row : params["reply_markup"]["inline_keyboard"]) {
    for (const auto& b : row) out.push_back(b.value("callback_data", std::string()));
  }
  return out;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class TelegramChannelTest : public ::testing::Test {
 protected:
  explicit TelegramChannelTest(fakes::FakeTelegramOptions options = {}) : fake_(std::move(options)) {}

  void TearDown() override {
    stop();
    EXPECT_TRUE(fake_.spec_violations().empty()) << ::testing::PrintToString(fake_.spec_violations());
  }

  Config config() const {
    Config c;
    c.listen_port = 0;
    c.db = dir_ / "channels.db";
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 2;
    c.log_level = "warn";
    c.telegram.token = fake_.token();
    c.telegram.webhook_secret = kSecret;
    c.telegram.api_base = fake_.base_url();
    c.telegram.bot_username = "hocvuso_bot";
    c.telegram.max_per_second = 1000;
    return c;
  }

  void start() { start(config()); }
  void start(Config c) {
    c.threads = testing::test_threads();
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
    port_ = service_->start();
  }
  void stop() {
    if (service_) service_->shutdown();
    service_.reset();
  }

  // Stops the service, leaves rows in its outbox as a crashed process would have, starts a new one.
  std::vector<std::int64_t> restart_with_outbox(const std::vector<Outgoing>& messages) {
    stop();
    std::vector<std::int64_t> ids;
    {
      auto opened = testing::open_test_store(dir_ / "channels.db");
      Store& store = *opened;
      for (const auto& m : messages) ids.push_back(store.enqueue(m, OutboxPriority::reply, std::chrono::system_clock::now()));
    }
    start();
    return ids;
  }

  RawResponse post(const json& update, const Headers& headers = {{"X-Telegram-Bot-Api-Secret-Token", kSecret}}) {
    return post_json(port_, "/webhook/telegram", update.dump(), headers);
  }

  // A private text message shaped like fixtures/text.json.
  json private_text(std::int64_t chat, const std::string& text) {
    const json person = {{"id", chat}, {"is_bot", false}, {"first_name", "Mario"}, {"last_name", "Bros"},
                         {"language_code", "vi"}};
    json chat_obj = {{"id", chat}, {"first_name", "Mario"}, {"last_name", "Bros"}, {"type", "private"}};
    return message(person, chat_obj, text);
  }
  json group_text(std::int64_t group, std::int64_t from, const std::string& text) {
    const json person = {{"id", from}, {"is_bot", false}, {"first_name", "Lò Văn A"}};
    // Not a team title: a team group's first message also gets the link announcement
    // (flows/groups), which these channel tests do not count.
    return message(person, {{"id", group}, {"title", "Nhóm thử kênh"}, {"type", "group"}}, text);
  }
  json message(const json& from, const json& chat, const std::string& text) {
    json m = {{"message_id", ++message_id_}, {"from", from}, {"chat", chat}, {"date", 1631818904}, {"text", text}};
    if (!text.empty() && text[0] == '/') {
      const auto end = text.find(' ');
      m["entities"] = json::array({{{"offset", 0}, {"length", end == std::string::npos ? text.size() : end}, {"type", "bot_command"}}});
    }
    return {{"update_id", ++update_id_}, {"message", m}};
  }
  json callback(std::int64_t chat, const std::string& query_id, const std::string& data) {
    const json person = {{"id", chat}, {"is_bot", false}, {"first_name", "Mario"}};
    const json shown = {{"message_id", 69587},
                        {"from", {{"id", 7700000001}, {"is_bot", true}, {"first_name", "Học vụ số"}, {"username", "hocvuso_bot"}}},
                        {"chat", {{"id", chat}, {"first_name", "Mario"}, {"type", "private"}}},
                        {"date", 1584984711},
                        {"text", "menu"}};
    return {{"update_id", ++update_id_},
            {"callback_query",
             {{"id", query_id}, {"from", person}, {"message", shown}, {"chat_instance", "1628661761791766620"}, {"data", data}}}};
  }

  std::vector<json> sent_to(const std::string& chat) const {
    std::vector<json> out;
    for (auto& p : fake_.sent_messages()) {
      if (chat_of(p) == chat) out.push_back(std::move(p));
    }
    return out;
  }
  std::vector<json> delivered_to(const std::string& chat) const {
    std::vector<json> out;
    for (auto& m : fake_.delivered_messages()) {
      if (m["chat"]["id"].dump() == chat || m["chat"]["id"] == chat) out.push_back(std::move(m));
    }
    return out;
  }
  bool outbox_settled() const {
    return sql_one(dir_ / "channels.db", "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0";
  }

  // Something observable after a "nothing happens": another chat's /help and its reply.
  void round_trip_through_another_chat() {
    const std::string other = std::to_string(kChat + 999);
    const auto before = sent_to(other).size();
    ASSERT_EQ(post(private_text(kChat + 999, "/help")).status, 200);
    ASSERT_TRUE(wait_until([&] { return sent_to(other).size() > before; }));
    ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  std::int64_t update_id_ = 500000;
  std::int64_t message_id_ = 1000;
};

TEST_F(TelegramChannelTest, StartGetsOneMenuAndRedeliveryOrBadSecretsGetNothing) {
  start();
  const json update = private_text(kChat, "/start");
  auto r = post(update);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(chat_of(sent[0]), std::to_string(kChat));
  EXPECT_NE(text_of(sent[0]).find("Xin chào Mario Bros"), std::string::npos) << text_of(sent[0]);
  EXPECT_EQ(callback_data(sent[0]),
            (std::vector<std::string>{"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"}));

  // Telegram redelivers when it missed our 200: same update, no second answer.
  r = post(update);
  EXPECT_EQ(r.status, 200);
  // Refused at the door: a wrong secret, and none at all.
  EXPECT_EQ(post(private_text(kChat, "/menu"), {{"X-Telegram-Bot-Api-Secret-Token", "wrong"}}).status, 401);
  EXPECT_EQ(post(private_text(kChat, "/menu"), {}).status, 401);

  round_trip_through_another_chat();
  EXPECT_EQ(sent_to(std::to_string(kChat)).size(), 1u);
  EXPECT_EQ(fake_.call_count("sendMessage"), 2u);
}

// SIGHUP calls Service::reload_content (serve_signals.sh checks the signal gets there):
// the reply after a reload says what the changed file says, with no restart.
TEST_F(TelegramChannelTest, AfterAReloadTheNextReplyServesTheChangedContent) {
  const auto content = dir_ / "content";
  std::filesystem::copy(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", content,
                        std::filesystem::copy_options::recursive);
  Config c = config();
  c.content = content;
  start(c);
  const std::string chat = std::to_string(kChat);
  ASSERT_EQ(post(private_text(kChat, "/help")).status, 200);
  ASSERT_TRUE(wait_until([&] { return sent_to(chat).size() == 1; }));
  EXPECT_NE(text_of(sent_to(chat)[0]).find("Cách dùng trợ lý"), std::string::npos) << text_of(sent_to(chat)[0]);

  const auto strings = content / "strings" / "vi.json";
  std::stringstream was;
  was << std::ifstream(strings).rdbuf();
  std::string text = was.str();
  const auto at = text.find("Cách dùng trợ lý");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("Cách dùng trợ lý").size(), "Hướng dẫn dùng trợ lý");
  std::ofstream(strings, std::ios::trunc) << text;
  ASSERT_TRUE(service_->reload_content());

  ASSERT_EQ(post(private_text(kChat, "/help")).status, 200);
  ASSERT_TRUE(wait_until([&] { return sent_to(chat).size() == 2; }));
  const std::string after = text_of(sent_to(chat)[1]);
  EXPECT_NE(after.find("Hướng dẫn dùng trợ lý"), std::string::npos) << after;
  EXPECT_EQ(after.find("Cách dùng trợ lý"), std::string::npos) << after;
}

TEST_F(TelegramChannelTest, EveryRealFixtureUpdateIsAccepted) {
  start();
  const std::filesystem::path dir = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "tests/fixtures/telegram-updates";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 105u);

  // Many fixtures share an update_id (123456789, 2, ...), which would make all but the first a redelivery:
  // each gets its own id, written into the raw bytes, so every one goes through the whole pipeline.
  const std::regex update_id(R"("update_id"\s*:\s*\d+)");
  std::vector<std::string> not_ok;
  std::size_t callbacks = 0;
  for (const auto& file : files) {
    const std::string raw = read_file(file);
    callbacks += json::parse(raw).contains("callback_query") ? 1 : 0;
    const std::string body = std::regex_replace(raw, update_id, "\"update_id\": " + std::to_string(++update_id_),
                                                std::regex_constants::format_first_only);
    const auto r = post_json(port_, "/webhook/telegram", body, {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
    EXPECT_LT(r.status, 500) << file.filename() << ": " << r.body;
    if (r.status != 200) not_ok.push_back(file.filename().string() + " -> " + std::to_string(r.status) + " " + r.body);
  }
  EXPECT_TRUE(not_ok.empty()) << ::testing::PrintToString(not_ok);
  EXPECT_EQ(callbacks, 4u);
  EXPECT_TRUE(fake_.wait_for_calls("answerCallbackQuery", callbacks, kDeadline));
  EXPECT_EQ(testing::http_get(port_, "/healthz").status, 200);
  // All recorded updates processed (none stuck), so the answers above came from a finished pipeline.
  EXPECT_TRUE(wait_until([&] { return sql_one(dir_ / "channels.db", "SELECT count(*) FROM inbox WHERE processed_at IS NULL") == "0"; }))
      << sql_one(dir_ / "channels.db", "SELECT count(*) FROM inbox WHERE processed_at IS NULL");
}

TEST_F(TelegramChannelTest, PressingLearnAnswersTheCallbackAndListsTheLessons) {
  start();
  ASSERT_EQ(post(callback(kChat, "4382bfdwdsb323b2d9", "menu:learn")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("answerCallbackQuery", 1, kDeadline));
  EXPECT_EQ(fake_.calls("answerCallbackQuery")[0].params["callback_query_id"], "4382bfdwdsb323b2d9");
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  const auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(chat_of(sent[0]), std::to_string(kChat));
  EXPECT_NE(text_of(sent[0]).find(kLessonList), std::string::npos) << text_of(sent[0]);
}

TEST_F(TelegramChannelTest, FaultsDelayButNeitherLoseNorRepeatNorReorderReplies) {
  start();
  fake_.server().add_fault(fakes::Fault::respond(
      429,
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})",
      "sendMessage"));
  fake_.server().add_fault(fakes::Fault::respond(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})",
                                                 "sendMessage"));
  fake_.server().add_fault(fakes::Fault::drop("sendMessage"));

  for (const char* command : {"/start", "/help", "/menu"}) ASSERT_EQ(post(private_text(kChat, command)).status, 200);
  ASSERT_TRUE(wait_until([&] { return fake_.delivered_messages().size() >= 3; }, kRetryDeadline))
      << fake_.delivered_messages().size() << " delivered, " << fake_.server().pending_faults() << " faults left";
  EXPECT_EQ(fake_.server().pending_faults(), 0u);
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  const auto delivered = fake_.delivered_messages();
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_NE(delivered[0]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  EXPECT_NE(delivered[1]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
  EXPECT_NE(delivered[2]["text"].get<std::string>().find("Menu chính"), std::string::npos);
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT count(*) FROM outbox WHERE status = 'sent'"), "3");
}

TEST_F(TelegramChannelTest, RestartDeliversWhatACrashedProcessLeftQueuedInOrder) {
  start();
  ASSERT_EQ(post(private_text(kChat, "/start")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  const ChatRef chat{Channel::telegram, std::to_string(kChat)};
  const auto ids = restart_with_outbox({{chat, "Tin thứ nhất", {}, std::nullopt},
                                        {chat, "Tin thứ hai", {}, std::nullopt},
                                        {chat, "Tin thứ ba", {}, std::nullopt}});
  ASSERT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  ASSERT_TRUE(wait_until([&] { return fake_.delivered_messages().size() >= 4; }));
  const auto delivered = fake_.delivered_messages();
  ASSERT_EQ(delivered.size(), 4u);
  EXPECT_EQ(delivered[1]["text"], "Tin thứ nhất");
  EXPECT_EQ(delivered[2]["text"], "Tin thứ hai");
  EXPECT_EQ(delivered[3]["text"], "Tin thứ ba");
  ASSERT_TRUE(wait_until([&] {
    return sql_one(dir_ / "channels.db", "SELECT count(*) FROM outbox WHERE status = 'sent' AND id >= " +
                                             std::to_string(ids.front())) == "3";
  }));
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
}

// A stop while the platform is slow to answer a send: the stop waits for the answer and
// marks the row sent. Cut short (2 s, before), it left the row pending, and the next start
// (on PostgreSQL, another node at once) sent the platform's message a second time; the
// cluster test saw it on a loaded machine, with a fake that answered 1-3 s late.
TEST_F(TelegramChannelTest, AStopWaitsForASlowAnswerToASendUnderWayAndNothingGoesTwice) {
  Config c = config();
  c.shutdown_grace_seconds = 1;
  start(c);
  fake_.server().add_fault(fakes::Fault::delay_by(4s, "sendMessage"));  // past the grace and the old 2 s
  ASSERT_EQ(post(private_text(kChat, "/start")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));  // the platform has it, answers later
  stop();
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT status FROM outbox"), "sent");
  start();
  round_trip_through_another_chat();
  EXPECT_EQ(sent_to(std::to_string(kChat)).size(), 1u) << "the greeting went out again after the restart";
}

// A row whose body no one can read (a damaged file, a bad hand edit) is set aside as
// failed, and the chat's later rows still go out, in order.
TEST_F(TelegramChannelTest, UnreadableOutboxRowIsSetAsideAndTheChatQueueGoesOn) {
  std::vector<std::int64_t> ids;
  const ChatRef chat{Channel::telegram, std::to_string(kChat)};
  {
    auto opened = testing::open_test_store(dir_ / "channels.db");
    Store& store = *opened;
    for (const char* text : {"Tin hỏng", "Tin thứ hai", "Tin thứ ba"}) {
      ids.push_back(store.enqueue({chat, text, {}, std::nullopt}, OutboxPriority::reply, std::chrono::system_clock::now()));
    }
  }
  testing::exec_sql(dir_ / "channels.db", "UPDATE outbox SET body = '{\"text\": 1' WHERE id = " + std::to_string(ids[0]));
  start();
  ASSERT_TRUE(wait_until([&] { return fake_.delivered_messages().size() >= 2; }));
  const auto delivered = fake_.delivered_messages();
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0]["text"], "Tin thứ hai");
  EXPECT_EQ(delivered[1]["text"], "Tin thứ ba");
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT status FROM outbox WHERE id = " + std::to_string(ids[0])), "failed");
}

// ~9000 code points in paragraphs, each starting with an emoji (2 UTF-16 units) and Vietnamese letters.
std::string long_text() {
  const std::string filler = "Người dân học cách dùng VNeID, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt. ";
  std::string text;
  for (int i = 1; fakes::code_points(text) < 9000; ++i) {
    std::string p = "📚 Đoạn " + std::to_string(i) + ": ";
    while (fakes::code_points(p) < 448) p += filler;
    p.pop_back();  // no trailing space: pieces are trimmed, and the joined pieces must equal the text
    if (!text.empty()) text += "\n\n";
    text += p;
  }
  // Cut back to exactly 9000 code points.
  std::size_t cps = 0, at = 0;
  for (; at < text.size() && cps < 9000; ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) ++cps;
  }
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  text.resize(at);
  while (text.back() == ' ' || text.back() == '\n') text.pop_back();
  return text;
}

TEST_F(TelegramChannelTest, LongTextGoesOutInOrderedPiecesWithButtonsOnTheLast) {
  const std::string text = long_text();
  ASSERT_GE(fakes::code_points(text), 8990u);
  start();
  const ChatRef chat{Channel::telegram, std::to_string(kChat)};
  restart_with_outbox({{chat, text, {{Button{"↩️ Về menu", "menu:home"}}}, std::nullopt}});
  ASSERT_TRUE(wait_until([&] { return outbox_settled() && fake_.call_count("sendMessage") >= 3; }));

  const auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 3u);
  std::string joined;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const std::string piece = text_of(sent[i]);
    EXPECT_LE(fakes::utf16_length(piece), 4096u) << "piece " << i;
    EXPECT_EQ(sent[i].contains("reply_markup"), i + 1 == sent.size()) << "piece " << i;
    joined += (i == 0 ? "" : "\n\n") + piece;
  }
  // Cut between paragraphs, nothing lost or reordered.
  EXPECT_TRUE(joined == text) << "pieces do not add up to the text: " << joined.size() << " vs " << text.size() << " bytes";
  EXPECT_EQ(callback_data(sent.back()), std::vector<std::string>{"menu:home"});
  EXPECT_EQ(fake_.delivered_messages().size(), 3u);
}

TEST_F(TelegramChannelTest, LongPayloadTravelsAsAReferenceAndComesBackAsTheButton) {
  start();
  const ChatRef chat{Channel::telegram, std::to_string(kChat)};
  const std::string payload = "menu:learn:" + std::string(80, 'x');
  restart_with_outbox({{chat, "Chọn bài học", {{Button{"📚 Bài 1", payload}}}, std::nullopt}});
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  const auto data = callback_data(fake_.sent_messages()[0]);
  ASSERT_EQ(data.size(), 1u);
  EXPECT_LE(data[0].size(), 64u);
  EXPECT_TRUE(std::regex_match(data[0], std::regex("ref:[0-9]+"))) << data[0];
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  ASSERT_EQ(post(callback(kChat, "cbq-long-1", data[0])).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 2, kDeadline));
  EXPECT_NE(text_of(fake_.sent_messages()[1]).find(kLessonList), std::string::npos) << text_of(fake_.sent_messages()[1]);
  EXPECT_TRUE(fake_.wait_for_calls("answerCallbackQuery", 1, kDeadline));
}

TEST_F(TelegramChannelTest, BlockedChatIsTriedOnceAndMarkedInactive) {
  start();
  fake_.block_chat(kChat);
  ASSERT_EQ(post(private_text(kChat, "/start")).status, 200);
  const auto db = dir_ / "channels.db";
  const std::string where = " WHERE channel = 'telegram' AND chat_id = '" + std::to_string(kChat) + "'";
  ASSERT_TRUE(wait_until([&] { return sql_one(db, "SELECT active FROM chats" + where) == "0"; }))
      << sql_one(db, "SELECT active FROM chats" + where);
  EXPECT_EQ(sql_one(db, "SELECT status FROM outbox" + where), "blocked");

  round_trip_through_another_chat();
  EXPECT_EQ(sent_to(std::to_string(kChat)).size(), 1u);
  EXPECT_EQ(sql_one(db, "SELECT status FROM outbox" + where), "blocked");
}

TEST_F(TelegramChannelTest, MigratedGroupGetsTheReplyAtItsNewIdOnce) {
  constexpr std::int64_t kOld = -4001234567, kNew = -1004001234567;
  start();
  fake_.migrate_chat(kOld, kNew);
  ASSERT_EQ(post(group_text(kOld, 55501, "/help")).status, 200);
  ASSERT_TRUE(wait_until([&] { return !delivered_to(std::to_string(kNew)).empty(); }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  round_trip_through_another_chat();
  EXPECT_EQ(sent_to(std::to_string(kOld)).size(), 1u);  // refused: upgraded to a supergroup
  const auto at_new = sent_to(std::to_string(kNew));
  ASSERT_EQ(at_new.size(), 1u);
  EXPECT_NE(text_of(at_new[0]).find("Trợ lý của Tổ công nghệ số cộng đồng"), std::string::npos) << text_of(at_new[0]);
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT count(*) FROM chats WHERE chat_id = '" + std::to_string(kNew) + "'"), "1");
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT count(*) FROM chats WHERE chat_id = '" + std::to_string(kOld) + "'"), "0");
}

// Where real buttons are shown (Telegram's inline keyboard), a member's ordinary "1" or
// "về menu" in a group is just chatter: no answer. Numbers count only where options were numbered.
TEST_F(TelegramChannelTest, GroupChatterThatLooksLikeAnOptionGetsNoAnswer) {
  constexpr std::int64_t kGroup = -4005;
  start();
  ASSERT_EQ(post(group_text(kGroup, 55501, "/help")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  ASSERT_EQ(post(group_text(kGroup, 55502, "1")).status, 200);
  ASSERT_EQ(post(group_text(kGroup, 55502, "về menu")).status, 200);
  round_trip_through_another_chat();
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(sent_to(std::to_string(kGroup)).size(), 1u);
}

class TelegramPollingTest : public TelegramChannelTest {
 protected:
  static fakes::FakeTelegramOptions short_polls() {
    fakes::FakeTelegramOptions o;
    o.max_long_poll = 500ms;  // shutdown need not wait out a long poll
    return o;
  }
  TelegramPollingTest() : TelegramChannelTest(short_polls()) {}
  Config config_polling() const {
    Config c = config();
    c.telegram.mode = "polling";
    return c;
  }
};

TEST_F(TelegramPollingTest, PolledUpdateIsAnsweredOnceAndItsOffsetSurvivesARestart) {
  start(config_polling());
  EXPECT_EQ(post(private_text(kChat, "/start")).status, 404);  // no webhook route in polling mode

  const std::int64_t id = fake_.push_update(private_text(kChat, "/start"));
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  stop();
  EXPECT_EQ(sql_one(dir_ / "channels.db", "SELECT value FROM kv WHERE key = 'telegram.poll_offset'"), std::to_string(id + 1));

  const auto polls_before = fake_.call_count("getUpdates");
  start(config_polling());
  ASSERT_TRUE(fake_.wait_for_calls("getUpdates", polls_before + 1, kDeadline));
  // The new process confirms where the old one stopped (A3): the update is not asked for again.
  EXPECT_EQ(fake_.calls("getUpdates")[polls_before].params["offset"], id + 1);

  fake_.push_update(private_text(kChat, "/help"));
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 2, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(text_of(sent[1]).find("Cách dùng trợ lý"), std::string::npos);
}

}  // namespace
}  // namespace hocvuso
