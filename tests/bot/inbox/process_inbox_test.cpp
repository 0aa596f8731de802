// process_inbox on both backends (issue 18): the same test bodies on SQLite and on
// PostgreSQL, one node. Citizens' updates are answered in the order they arrived, a
// batch stops at its limit and the rest waits for the next, and an update that cannot be
// parsed or whose handling fails is set aside alone while the others are answered.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/telegram/telegram.hpp"
#include "bot/engine/engine.hpp"
#include "bot/inbox/process.hpp"
#include "bot/store/inbox_queue.hpp"
#include "support/shipped_content.hpp"
#include "support/telegram_updates.hpp"
#include "support/store_backends.hpp"

namespace hocvuso {
namespace {

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));
const std::string kLan = "5120041";    // Bà Lan, asking about her ID card
const std::string kTuan = "5120042";  // Anh Tuấn, asking about a birth certificate


std::shared_ptr<const Dispatcher> receipt_desk() {
  auto d = std::make_shared<Dispatcher>();
  d->on_text([](Context& ctx) {
    // A bug in a feature, for one message only.
    if (ctx.in().text == "gửi ảnh giấy khai sinh") throw std::logic_error("a handler's bug");
    ctx.reply("Đã nhận: " + ctx.in().text);
  });
  return d;
}


template <class B>
class ProcessInboxTest : public testing::BackendTest<B> {
 protected:
  Store& store() { return this->b().store(); }

  void record(int update_id, const std::string& chat, const std::string& text) {
    ASSERT_TRUE(record_update_of_chat(store(), Channel::telegram, std::to_string(update_id),
                                      testing::telegram_text_update(update_id, chat, text), kNow, chat));
  }
  // As the store worker runs the inbox lane's job: one transaction per batch.
  inbox::Processed batch(int limit) {
    store().begin();
    auto p = inbox::process_inbox(store(), engine_, adapter_, limit);
    store().commit();
    return p;
  }
  std::vector<std::string> answers_to(const std::string& chat) {
    std::vector<std::string> out;
    for (const auto& item : store().pending(Channel::telegram, 100))
      if (item.message.chat.id == chat) out.push_back(item.message.text);
    return out;
  }

  Engine engine_{receipt_desk(), testing::shipped_content()};
  telegram::TelegramAdapter adapter_{testing::telegram_test_config()};
};

TYPED_TEST_SUITE(ProcessInboxTest, testing::Backends, testing::BackendNames);

TYPED_TEST(ProcessInboxTest, EachChatIsAnsweredInArrivalOrderBatchByBatch) {
  this->record(912000101, kLan, "cho tôi hỏi làm căn cước ở đâu");
  this->record(912000102, kTuan, "làm giấy khai sinh cho con cần gì");
  this->record(912000103, kLan, "mang theo giấy tờ gì ạ");
  this->record(912000104, kLan, "có làm thứ bảy không");
  this->record(912000105, kTuan, "con tôi sinh ở bệnh viện huyện");

  const auto first = this->batch(3);
  EXPECT_EQ(first.updates, 3) << "a full batch: the lane comes back at once for the rest";
  EXPECT_EQ(first.messages, 3);
  EXPECT_EQ(first.queued.size(), 3u);
  EXPECT_EQ(this->batch(3).updates, 2);
  EXPECT_EQ(this->batch(3).updates, 0);

  EXPECT_EQ(this->answers_to(kLan),
            (std::vector<std::string>{"Đã nhận: cho tôi hỏi làm căn cước ở đâu", "Đã nhận: mang theo giấy tờ gì ạ",
                                      "Đã nhận: có làm thứ bảy không"}));
  EXPECT_EQ(this->answers_to(kTuan), (std::vector<std::string>{"Đã nhận: làm giấy khai sinh cho con cần gì",
                                                               "Đã nhận: con tôi sinh ở bệnh viện huyện"}));
}

TYPED_TEST(ProcessInboxTest, AnUpdateThatFailsIsSetAsideAloneAndTheChatGoesOn) {
  this->record(912000201, kTuan, "gửi ảnh giấy khai sinh");
  // Verified at the door, but a shape this version does not know.
  ASSERT_TRUE(record_update_of_chat(this->store(), Channel::telegram, "912000202", "not json: a body cut short", kNow, ""));
  this->record(912000203, kTuan, "tôi gửi lại bằng chữ: con tên Minh");

  const auto p = this->batch(10);
  EXPECT_EQ(p.updates, 3);
  EXPECT_EQ(this->answers_to(kTuan), std::vector<std::string>{"Đã nhận: tôi gửi lại bằng chữ: con tên Minh"});
  EXPECT_EQ(this->batch(10).updates, 0) << "both set aside for good, not tried again";
}

}  // namespace
}  // namespace hocvuso
