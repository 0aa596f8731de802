// Tests lay_out (adapters/channel.hpp): long text split, and buttons past a platform's
// per-message limit moved into follow-up messages in order (Zalo OA: 4 a message).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/channel.hpp"

namespace hocvuso {
namespace {

Button b(int i) { return {"Nút " + std::to_string(i), "p" + std::to_string(i)}; }

std::vector<std::string> payloads(const ButtonRows& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows)
    for (const auto& x : row) out.push_back(x.payload);
  return out;
}

TEST(LayOut, NoLimitKeepsEverythingOnTheLastPiece) {
  const ButtonRows rows = {{b(1), b(2), b(3)}, {b(4)}, {b(5)}, {b(6)}};
  const auto pieces = lay_out("Chọn một mục", rows, 2000, 0, "");
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].buttons, rows);
}

TEST(LayOut, FourOrFewerStayInOneMessage) {
  const ButtonRows rows = {{b(1)}, {b(2), b(3)}, {b(4)}};
  const auto pieces = lay_out("Câu 1/5", rows, 2000, 4, "Xem thêm:");
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].buttons, rows);
}

TEST(LayOut, QuizOfFourOptionsAndDoneSendsDoneInASecondMessage) {
  const ButtonRows rows = {{{"A. Đúng", "a"}}, {{"B. Sai", "b"}}, {{"C. Không biết", "c"}}, {{"D. Hỏi con", "d"}},
                           {{"Xong", "done"}}};
  const auto pieces = lay_out("Câu 2/5: ...", rows, 2000, 4, "Xem thêm:");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(payloads(pieces[0].buttons), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(pieces[1].text, "Xem thêm:");
  EXPECT_EQ(payloads(pieces[1].buttons), (std::vector<std::string>{"done"}));
}

TEST(LayOut, ARowThatWouldNotFitStartsTheNextMessageWhole) {
  // A lesson step: two choices, then [Quay lại, Làm lại từ đầu], then [Về menu].
  const ButtonRows rows = {{b(1)}, {b(2)}, {b(3)}, {b(4), b(5)}, {b(6)}};
  const auto pieces = lay_out("Bước 3", rows, 2000, 4, "Xem thêm:");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].buttons, (ButtonRows{{b(1)}, {b(2)}, {b(3)}}));
  EXPECT_EQ(pieces[1].buttons, (ButtonRows{{b(4), b(5)}, {b(6)}}));
}

TEST(LayOut, ARowWiderThanTheLimitIsBrokenUpInOrder) {
  // Ticket rating: 1 to 5 stars in one row.
  const ButtonRows rows = {{b(1), b(2), b(3), b(4), b(5)}};
  const auto pieces = lay_out("Bạn chấm mấy sao?", rows, 2000, 4, "Xem thêm:");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(payloads(pieces[0].buttons), (std::vector<std::string>{"p1", "p2", "p3", "p4"}));
  EXPECT_EQ(payloads(pieces[1].buttons), (std::vector<std::string>{"p5"}));
}

TEST(LayOut, NineButtonsMakeThreeMessagesAndNothingIsLost) {
  ButtonRows rows;
  for (int i = 1; i <= 9; ++i) rows.push_back({b(i)});
  const auto pieces = lay_out("Danh sách bài học", rows, 2000, 4, "Xem thêm:");
  ASSERT_EQ(pieces.size(), 3u);
  std::vector<std::string> all;
  for (const auto& p : pieces) {
    EXPECT_LE(payloads(p.buttons).size(), 4u);
    for (auto& x : payloads(p.buttons)) all.push_back(x);
  }
  EXPECT_EQ(all, payloads(rows));
}

TEST(LayOut, LongTextCarriesTheButtonsOnItsLastPiece) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Dòng số " + std::to_string(i) + " của bài học dài.\n";
  const ButtonRows rows = {{b(1)}, {b(2)}, {b(3)}, {b(4)}, {b(5)}};
  const auto pieces = lay_out(text, rows, 200, 4, "Xem thêm:");
  ASSERT_GE(pieces.size(), 3u);
  for (std::size_t i = 0; i + 2 < pieces.size(); ++i) EXPECT_TRUE(pieces[i].buttons.empty()) << i;
  EXPECT_EQ(payloads(pieces[pieces.size() - 2].buttons).size(), 4u);
  EXPECT_EQ(pieces.back().text, "Xem thêm:");
  EXPECT_EQ(payloads(pieces.back().buttons), (std::vector<std::string>{"p5"}));
}

TEST(LayOut, EmptyTextWithoutButtonsIsNothingToSend) {
  EXPECT_TRUE(lay_out("", {}, 2000, 4, "Xem thêm:").empty());
}

}  // namespace
}  // namespace hocvuso
