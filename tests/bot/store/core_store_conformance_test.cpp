// One meaning for the core store on both backends (issue 18): every test body here runs
// through Store, opened on SQLite (a real file) and on PostgreSQL (a real server,
// tests/support/pg_cluster.hpp, where Store forwards to pg::CoreStore). A difference in
// behaviour between the two is a failure of one of them, named by the test's suffix
// (/Sqlite or /Postgres).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bot/store/outbox_body.hpp"
#include "bot/store/outbox_texts.hpp"
#include "bot/store/sent_tags.hpp"
#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::PgCluster;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1764979200000));  // 6 Dec 2025 00:00 UTC

struct SqliteBackend {
  static constexpr const char* kName = "Sqlite";
  using Tags = SentTags;
  testing::TempDir tmp;
  std::unique_ptr<Store> store;
  bool open() {
    store = std::make_unique<Store>(tmp / "hocvuso.db");
    return true;
  }
  Store& s() { return *store; }
};

// The same Store, opened on PostgreSQL: each operation forwards to pg::CoreStore.
struct PostgresBackend {
  static constexpr const char* kName = "Postgres";
  using Tags = SentTags;
  std::unique_ptr<Store> store;
  bool open() {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) return false;
    store = std::make_unique<Store>(PostgresTarget{cluster->create_database(), "node-1"});
    return true;
  }
  Store& s() { return *store; }
};

template <class Backend>
class CoreStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!backend_.open()) GTEST_SKIP() << PgCluster::why_not();
  }
  auto& s() { return backend_.s(); }
  Backend backend_;
};

struct BackendName {
  template <class T>
  static std::string GetName(int) {
    return T::kName;
  }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(CoreStoreConformance, Backends, BackendName);

Outgoing text_to(const ChatRef& chat, std::string text) { return Outgoing{chat, std::move(text), {}, std::nullopt}; }

std::vector<std::string> keys(const std::vector<std::pair<std::string, std::string>>& updates) {
  std::vector<std::string> out;
  for (const auto& u : updates) out.push_back(u.first);
  return out;
}

TYPED_TEST(CoreStoreConformance, SchemaIsCurrentAndTheDatabaseAnswers) {
  EXPECT_GE(this->s().current_version(), 6);  // the core tables' last part (sent tags)
  EXPECT_NO_THROW(this->s().ping());
}

TYPED_TEST(CoreStoreConformance, ARedeliveredUpdateIsRecognisedPerChannel) {
  auto& s = this->s();
  const std::string body = R"({"update_id":1,"message":{"text":"cho hoi lam cccd cho con o dau"}})";
  EXPECT_TRUE(s.record_update(Channel::telegram, "1", body, kT0));
  EXPECT_FALSE(s.record_update(Channel::telegram, "1", body, kT0 + 2s));
  EXPECT_TRUE(s.record_update(Channel::zalobot, "1", body, kT0));  // another platform's key
  EXPECT_EQ(s.unprocessed_updates(Channel::telegram, 10).size(), 1u);
}

TYPED_TEST(CoreStoreConformance, UnprocessedUpdatesComeInArrivalOrderUntilProcessed) {
  auto& s = this->s();
  s.record_update(Channel::telegram, "905", R"({"text":"xin chao"})", kT0);
  s.record_update(Channel::telegram, "903", R"({"text":"toi muon dang ky khai sinh"})", kT0 + 1ms);
  s.record_update(Channel::telegram, "904", R"({"text":"can giay to gi a"})", kT0 + 2ms);
  s.record_update(Channel::zalo, "z1", R"({"text":"alo"})", kT0);
  EXPECT_EQ(keys(s.unprocessed_updates(Channel::telegram, 10)), (std::vector<std::string>{"905", "903", "904"}));
  EXPECT_EQ(keys(s.unprocessed_updates(Channel::telegram, 2)), (std::vector<std::string>{"905", "903"}));
  s.mark_update_processed(Channel::telegram, "903", kT0 + 5ms);
  const auto left = s.unprocessed_updates(Channel::telegram, 10);
  EXPECT_EQ(keys(left), (std::vector<std::string>{"905", "904"}));
  EXPECT_EQ(left[1].second, R"({"text":"can giay to gi a"})");
  // Processed, its key still refuses a redelivery.
  EXPECT_FALSE(s.record_update(Channel::telegram, "903", "{}", kT0 + 1min));
  EXPECT_EQ(keys(s.unprocessed_updates(Channel::zalo, 10)), (std::vector<std::string>{"z1"}));
}

TYPED_TEST(CoreStoreConformance, AUserIsNewOnceAndKeepsNameAndLocale) {
  auto& s = this->s();
  auto first = s.touch_user(Channel::zalo, "u-77", "Bà Nguyễn Thị Lành", kT0);
  EXPECT_TRUE(first.is_new);
  EXPECT_EQ(first.display_name, "Bà Nguyễn Thị Lành");
  EXPECT_EQ(first.locale, "vi");
  auto again = s.touch_user(Channel::zalo, "u-77", "", kT0 + 1h);  // the platform gave no name this time
  EXPECT_FALSE(again.is_new);
  EXPECT_EQ(again.display_name, "Bà Nguyễn Thị Lành");
  s.set_user_locale(Channel::zalo, "u-77", "en");
  auto renamed = s.touch_user(Channel::zalo, "u-77", "Lành", kT0 + 2h);
  EXPECT_EQ(renamed.display_name, "Lành");
  EXPECT_EQ(renamed.locale, "en");
  EXPECT_TRUE(s.touch_user(Channel::telegram, "u-77", "", kT0).is_new);  // ids are per channel
}

TYPED_TEST(CoreStoreConformance, ChatTypeIsKnownAfterFirstSight) {
  auto& s = this->s();
  const ChatRef group{Channel::telegram, "-100123"};
  EXPECT_EQ(s.chat_type(group), std::nullopt);
  s.touch_chat(group, ChatType::group, "Tổ dân phố 5", kT0);
  EXPECT_EQ(s.chat_type(group), ChatType::group);
  s.touch_chat(group, ChatType::group, "", kT0 + 1s);  // no title this time: kept
  EXPECT_EQ(s.chat_type(group), ChatType::group);
  s.touch_chat(ChatRef{Channel::telegram, "42"}, ChatType::private_chat, "", kT0);
  EXPECT_EQ(s.chat_type(ChatRef{Channel::telegram, "42"}), ChatType::private_chat);
  EXPECT_TRUE(s.chat_active(group));
  EXPECT_TRUE(s.chat_active(ChatRef{Channel::telegram, "never-seen"}));
}

TYPED_TEST(CoreStoreConformance, ConversationStateIsPerChatAndUser) {
  auto& s = this->s();
  const ChatRef chat{Channel::telegram, "42"};
  EXPECT_EQ(s.load_state(chat, "42"), ConversationState{});
  s.save_state(chat, "42", ConversationState{"report", "ask_place", R"({"loai":"ngap"})"}, kT0);
  s.save_state(chat, "42", ConversationState{"report", "confirm", R"({"loai":"ngập","xa":"Thuận Châu"})"},
               kT0 + 1s);
  EXPECT_EQ(s.load_state(chat, "42"),
            (ConversationState{"report", "confirm", R"({"loai":"ngập","xa":"Thuận Châu"})"}));
  EXPECT_EQ(s.load_state(chat, "43"), ConversationState{});
  EXPECT_EQ(s.load_state(ChatRef{Channel::zalo, "42"}, "42"), ConversationState{});
}

TYPED_TEST(CoreStoreConformance, PendingIsByPriorityThenQueueOrderAndRoundTrips) {
  auto& s = this->s();
  const ChatRef chat{Channel::telegram, "42"};
  Outgoing reply{chat, "Dạ, bác cần mang:\n1. Giấy chứng sinh\n2. \"CCCD\" của cha mẹ",
                 {{Button{"📚 Học", "menu:learn"}, Button{"✅ Quiz", "menu:quiz"}}, {Button{"↩️ Về menu", "menu:home"}}},
                 std::string("msg-42")};
  reply.tag = "ticket:17";
  const auto b = s.enqueue(text_to(chat, "Cảnh báo: mưa lớn"), OutboxPriority::broadcast, kT0);
  const auto n = s.enqueue(text_to(chat, "Nhắc hạn"), OutboxPriority::notice, kT0);
  const auto r = s.enqueue(reply, OutboxPriority::reply, kT0);
  s.enqueue(text_to(ChatRef{Channel::zalo, "9"}, "khác kênh"), OutboxPriority::reply, kT0);
  EXPECT_LT(b, n);
  EXPECT_LT(n, r);
  EXPECT_EQ(s.outbox_depth(), 4);
  const auto p = s.pending(Channel::telegram, 10);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].id, r);
  EXPECT_EQ(p[1].id, n);
  EXPECT_EQ(p[2].id, b);
  EXPECT_EQ(p[0].message, reply);  // buttons, reply_to, tag survive
  EXPECT_EQ(p[0].priority, 0);
  EXPECT_EQ(p[1].priority, 5);
  EXPECT_EQ(p[2].priority, 10);
  EXPECT_EQ(p[2].message.tag, std::nullopt);
  EXPECT_EQ(s.pending(Channel::telegram, 1).size(), 1u);
  s.mark_sent(r, kT0 + 1s);
  EXPECT_EQ(s.outbox_depth(), 3);
  EXPECT_EQ(s.pending(Channel::telegram, 10).front().id, n);
}

TYPED_TEST(CoreStoreConformance, OldestPendingAgeCountsOnlyPendingRows) {
  auto& s = this->s();
  EXPECT_EQ(s.oldest_pending_age_ms(kT0), 0);
  const auto first = s.enqueue(text_to(ChatRef{Channel::telegram, "1"}, "a"), OutboxPriority::reply, kT0);
  s.enqueue(text_to(ChatRef{Channel::telegram, "2"}, "b"), OutboxPriority::reply, kT0 + 3s);
  EXPECT_EQ(s.oldest_pending_age_ms(kT0 + 10s), 10000);
  s.mark_sent(first, kT0 + 4s);
  EXPECT_EQ(s.oldest_pending_age_ms(kT0 + 10s), 7000);
}

TYPED_TEST(CoreStoreConformance, DueHeadsAreEachChatsOldestPendingMessageMostUrgentFirst) {
  auto& s = this->s();
  const ChatRef group{Channel::telegram, "-100555"};
  const ChatRef person{Channel::telegram, "77"};
  s.touch_chat(group, ChatType::group, "Hội phụ nữ xã", kT0);
  const auto g1 = s.enqueue(text_to(group, "Thông báo họp"), OutboxPriority::broadcast, kT0);
  const auto g2 = s.enqueue(text_to(group, "Trả lời"), OutboxPriority::reply, kT0);  // waits behind g1
  Outgoing tagged = text_to(person, "Phiếu hỗ trợ của bác đã nhận");
  tagged.tag = "ticket:3";
  const auto p1 = s.enqueue(tagged, OutboxPriority::reply, kT0);
  s.enqueue(text_to(ChatRef{Channel::zalo, "z"}, "khác kênh"), OutboxPriority::reply, kT0);

  auto heads = s.due_heads(Channel::telegram, kT0, 10);
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].item.id, p1);  // reply before broadcast
  EXPECT_EQ(heads[0].chat_type, ChatType::private_chat);  // never seen: private
  EXPECT_EQ(heads[0].item.message.tag, std::optional<std::string>("ticket:3"));
  EXPECT_EQ(heads[0].item.message.chat, person);
  EXPECT_EQ(decode_outgoing(Channel::telegram, person.id, heads[0].body).text, "Phiếu hỗ trợ của bác đã nhận");
  EXPECT_EQ(heads[1].item.id, g1);
  EXPECT_EQ(heads[1].chat_type, ChatType::group);
  EXPECT_EQ(heads[1].item.priority, 10);
  EXPECT_EQ(s.due_heads(Channel::telegram, kT0, 1).size(), 1u);

  s.mark_sent(g1, kT0 + 1s);
  heads = s.due_heads(Channel::telegram, kT0 + 1s, 10);
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].item.id, g2);  // two replies now: the older first
  EXPECT_EQ(heads[1].item.id, p1);
}

TYPED_TEST(CoreStoreConformance, ARescheduledHeadHoldsItsChatBackUntilDue) {
  auto& s = this->s();
  const ChatRef chat{Channel::telegram, "77"};
  const auto first = s.enqueue(text_to(chat, "một"), OutboxPriority::reply, kT0);
  s.enqueue(text_to(chat, "hai"), OutboxPriority::reply, kT0);
  EXPECT_EQ(s.next_due(Channel::telegram), TimePoint(std::chrono::milliseconds(0)));
  s.mark_part_sent(first, 2);
  s.reschedule(first, kT0 + 30s, true, "429 Too Many Requests");
  EXPECT_TRUE(s.due_heads(Channel::telegram, kT0 + 10s, 10).empty());  // the second waits behind it
  // next_due is the earliest pause of any pending row, not only of the heads.
  EXPECT_EQ(s.next_due(Channel::telegram), TimePoint(std::chrono::milliseconds(0)));
  auto heads = s.due_heads(Channel::telegram, kT0 + 30s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, first);
  EXPECT_EQ(heads[0].item.attempts, 1);
  EXPECT_EQ(heads[0].parts_sent, 2);
  s.reschedule(first, kT0 + 40s, false, "timeout");  // not counted
  heads = s.due_heads(Channel::telegram, kT0 + 40s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.attempts, 1);
  EXPECT_EQ(s.next_due(Channel::zalo), std::nullopt);
}

TYPED_TEST(CoreStoreConformance, AFinishedHeadLetsTheNextGo) {
  auto& s = this->s();
  const ChatRef chat{Channel::zalo, "u1"};
  const auto first = s.enqueue(text_to(chat, "một"), OutboxPriority::reply, kT0);
  const auto second = s.enqueue(text_to(chat, "hai"), OutboxPriority::reply, kT0);
  s.finish(first, "failed", "400 Bad Request");
  EXPECT_EQ(s.outbox_depth(), 1);
  auto heads = s.due_heads(Channel::zalo, kT0, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, second);
}

TYPED_TEST(CoreStoreConformance, AnInactiveChatIsBlockedAndItsParkedMessagesComeBack) {
  auto& s = this->s();
  const ChatRef chat{Channel::zalo, "u1"};
  s.touch_chat(chat, ChatType::private_chat, "", kT0);
  const auto parked = s.enqueue(text_to(chat, "Nhắc: hạn nộp hồ sơ"), OutboxPriority::notice, kT0);
  s.reschedule(parked, kT0 + 1h, false, "");
  s.finish(parked, "parked", "outside the 7-day window");
  const auto waiting = s.enqueue(text_to(chat, "Tin mới"), OutboxPriority::reply, kT0);
  s.set_chat_active(chat, false);
  EXPECT_FALSE(s.chat_active(chat));
  EXPECT_EQ(s.outbox_depth(), 0);  // the waiting one is blocked
  s.set_chat_active(chat, true);
  EXPECT_TRUE(s.chat_active(chat));
  const auto heads = s.due_heads(Channel::zalo, kT0, 10);  // the parked one, due at once
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, parked);
  EXPECT_NE(heads[0].item.id, waiting);
  EXPECT_EQ(s.outbox_depth(), 1);
}

TYPED_TEST(CoreStoreConformance, AMigratedGroupKeepsStateQueueAndOptions) {
  auto& s = this->s();
  const ChatRef old_group{Channel::telegram, "-4001"};
  const ChatRef supergroup{Channel::telegram, "-1004001"};
  s.touch_chat(old_group, ChatType::group, "Xóm 3", kT0);
  s.save_state(old_group, "u1", ConversationState{"report", "ask", "{}"}, kT0);
  s.save_state(supergroup, "u1", ConversationState{"stale", "", "{}"}, kT0);  // the group's row wins
  s.save_options(old_group, encode_options({{Button{"Có", "yes"}, Button{"Không", "no"}}}), kT0);
  const auto queued = s.enqueue(text_to(old_group, "Cảm ơn"), OutboxPriority::reply, kT0);
  const auto sent = s.enqueue(text_to(old_group, "đã gửi"), OutboxPriority::reply, kT0);
  s.mark_sent(sent, kT0);
  s.migrate_chat(old_group, supergroup.id);
  EXPECT_EQ(s.chat_type(old_group), std::nullopt);
  EXPECT_EQ(s.chat_type(supergroup), ChatType::group);
  EXPECT_EQ(s.load_state(supergroup, "u1").flow, "report");
  EXPECT_EQ(s.load_state(old_group, "u1"), ConversationState{});
  EXPECT_EQ(s.match_option(supergroup, "no", false), std::optional<std::string>("no"));
  EXPECT_EQ(s.match_option(old_group, "no", false), std::nullopt);
  const auto heads = s.due_heads(Channel::telegram, kT0, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, queued);
  EXPECT_EQ(heads[0].item.message.chat, supergroup);
}

TYPED_TEST(CoreStoreConformance, AGroupMigratedOntoAKnownSupergroupLeavesOneRow) {
  auto& s = this->s();
  const ChatRef old_group{Channel::telegram, "-4002"};
  const ChatRef supergroup{Channel::telegram, "-1004002"};
  s.touch_chat(old_group, ChatType::group, "Xóm 4", kT0);
  s.touch_chat(supergroup, ChatType::group, "Xóm 4 (mới)", kT0 + 1s);  // its own update came first
  s.migrate_chat(old_group, supergroup.id);
  EXPECT_EQ(s.chat_type(old_group), std::nullopt);
  EXPECT_EQ(s.chat_type(supergroup), ChatType::group);
}

TYPED_TEST(CoreStoreConformance, PayloadRefsAreStableAndUnknownOnesAreNothing) {
  auto& s = this->s();
  const std::string long_payload = "faq:answer:" + std::string(80, 'x');
  const auto ref = s.payload_ref(long_payload);
  EXPECT_TRUE(ref.starts_with("ref:"));
  EXPECT_EQ(s.payload_ref(long_payload), ref);
  EXPECT_NE(s.payload_ref(long_payload + "y"), ref);
  EXPECT_EQ(s.resolve_payload_ref(ref), std::optional<std::string>(long_payload));
  EXPECT_EQ(s.resolve_payload_ref("ref:999999"), std::nullopt);
  EXPECT_EQ(s.resolve_payload_ref("ref:abc"), std::nullopt);  // typed in by hand
  EXPECT_EQ(s.resolve_payload_ref("menu:home"), std::nullopt);
}

TYPED_TEST(CoreStoreConformance, ShownOptionsMatchByPayloadAndWhereNumberedByNumberOrWords) {
  auto& s = this->s();
  const ChatRef chat{Channel::zalobot, "u5"};
  EXPECT_EQ(s.match_option(chat, "1", true), std::nullopt);  // nothing shown yet
  s.save_options(chat, encode_options({{Button{"📄 Khai sinh", "faq:khaisinh"}}, {Button{"🪪 Căn cước", "faq:cccd"}}}),
                 kT0);
  EXPECT_EQ(s.match_option(chat, "faq:cccd", false), std::optional<std::string>("faq:cccd"));
  EXPECT_EQ(s.match_option(chat, "2", false), std::nullopt);  // real buttons: "2" is just text
  EXPECT_EQ(s.match_option(chat, "2", true), std::optional<std::string>("faq:cccd"));
  EXPECT_EQ(s.match_option(chat, "khai sinh", true), std::optional<std::string>("faq:khaisinh"));
  s.save_options(chat, encode_options({{Button{"Có", "yes"}}}), kT0 + 1s);  // replaced
  EXPECT_EQ(s.match_option(chat, "2", true), std::nullopt);
}

TYPED_TEST(CoreStoreConformance, KvKeepsTheLastValue) {
  auto& s = this->s();
  EXPECT_EQ(s.kv_get("telegram.offset"), std::nullopt);
  s.kv_set("telegram.offset", "912000417");
  s.kv_set("telegram.offset", "912000418");
  EXPECT_EQ(s.kv_get("telegram.offset"), std::optional<std::string>("912000418"));
}

TYPED_TEST(CoreStoreConformance, ASavepointRollbackUndoesOnlyItsJob) {
  auto& s = this->s();
  const ChatRef chat{Channel::telegram, "42"};
  s.set_full_sync(false);
  s.begin();
  s.savepoint();
  s.enqueue(text_to(chat, "giữ"), OutboxPriority::reply, kT0);
  s.release_savepoint();
  s.savepoint();
  s.enqueue(text_to(chat, "bỏ"), OutboxPriority::reply, kT0);
  s.kv_set("k", "bỏ");
  s.rollback_savepoint();
  s.savepoint();
  s.kv_set("k", "giữ");
  s.release_savepoint();
  s.commit();
  s.set_full_sync(true);
  const auto p = s.pending(Channel::telegram, 10);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].message.text, "giữ");
  EXPECT_EQ(s.kv_get("k"), std::optional<std::string>("giữ"));
}

TYPED_TEST(CoreStoreConformance, ARolledBackBatchLeavesNothing) {
  auto& s = this->s();
  s.begin();
  EXPECT_TRUE(s.record_update(Channel::telegram, "7", "{}", kT0));
  s.enqueue(text_to(ChatRef{Channel::telegram, "42"}, "x"), OutboxPriority::reply, kT0);
  s.rollback();
  s.rollback();  // outside a transaction: nothing to do
  EXPECT_EQ(s.outbox_depth(), 0);
  EXPECT_TRUE(s.record_update(Channel::telegram, "7", "{}", kT0));  // not a duplicate: it was never kept
}

TYPED_TEST(CoreStoreConformance, ATaggedMessageIsKnownByItsPlatformIdUntilForgotten) {
  typename TypeParam::Tags tags(this->s());
  const ChatRef team{Channel::telegram, "-100777"};
  tags.record(team, "5001", "ticket:17", kT0);
  tags.record(team, "", "ticket:17", kT0);  // no platform id (the console): nothing
  tags.record(team, "5002", "ticket:18", kT0);
  EXPECT_EQ(tags.find(team, "5001"), std::optional<std::string>("ticket:17"));
  EXPECT_EQ(tags.find(team, ""), std::nullopt);
  EXPECT_EQ(tags.find(ChatRef{Channel::telegram, "-100778"}, "5001"), std::nullopt);
  tags.record(team, "5001", "ticket:19", kT0 + 1s);  // the same message id again: the last tag
  EXPECT_EQ(tags.find(team, "5001"), std::optional<std::string>("ticket:19"));
  tags.forget("ticket:19");
  EXPECT_EQ(tags.find(team, "5001"), std::nullopt);
  EXPECT_EQ(tags.find(team, "5002"), std::optional<std::string>("ticket:18"));
}

TYPED_TEST(CoreStoreConformance, ErasingATagsTextsCancelsWhatWaitsAndEmptiesWhatWasSent) {
  auto& s = this->s();
  typename TypeParam::Tags tags(s);
  const ChatRef chat{Channel::telegram, "42"};
  Outgoing link = text_to(chat, "Đường dẫn đăng nhập: https://xa.example/dn/abc");
  link.tag = "signin:9";
  const auto sent = s.enqueue(link, OutboxPriority::reply, kT0);
  const auto waiting = s.enqueue(link, OutboxPriority::reply, kT0);
  s.enqueue(text_to(chat, "Tin khác"), OutboxPriority::reply, kT0);
  s.mark_sent(sent, kT0 + 1s);
  tags.erase_texts("signin:9");
  EXPECT_EQ(s.outbox_depth(), 1);  // the waiting copy is cancelled
  const auto p = s.pending(Channel::telegram, 10);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].id, waiting);
  EXPECT_EQ(erase_finished_texts(s, "signin:"), 0);  // both already empty
}

TYPED_TEST(CoreStoreConformance, FinishedTextsAreErasedByTagPrefixAndPendingOnesKept) {
  auto& s = this->s();
  const ChatRef chat{Channel::zalo, "u8"};
  auto tagged = [&](std::string tag, std::string text) {
    Outgoing m = text_to(chat, std::move(text));
    m.tag = std::move(tag);
    return s.enqueue(m, OutboxPriority::reply, kT0);
  };
  const auto a = tagged("dashboard:link:1", "Mã đăng nhập 1");
  const auto b = tagged("dashboard:link:2", "Mã đăng nhập 2");
  tagged("dashboard:link:3", "Mã đăng nhập 3");  // still pending: kept until sent
  const auto other = tagged("dashboard:other", "Khác");
  const auto empty = tagged("dashboard:link:4", "");
  s.mark_sent(a, kT0);
  s.finish(b, "failed", "403");
  s.mark_sent(other, kT0);
  s.mark_sent(empty, kT0);
  EXPECT_EQ(erase_finished_texts(s, ""), 0);  // never everything at once
  EXPECT_EQ(erase_finished_texts(s, "dashboard:link:"), 2);
  EXPECT_EQ(erase_finished_texts(s, "dashboard:link:"), 0);
  EXPECT_EQ(erase_finished_texts(s, "dashboard:"), 1);
  const auto p = s.pending(Channel::zalo, 10);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].message.text, "Mã đăng nhập 3");
}

}  // namespace
}  // namespace hocvuso
