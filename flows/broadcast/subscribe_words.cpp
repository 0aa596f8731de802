// read_subscribe_wish (subscribe_words.hpp): word lists over the folded text.
#include "flows/broadcast/subscribe_words.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "bot/text/fold.hpp"

namespace hocvuso::broadcast {

namespace {

using Words = std::vector<std::string>;

// The phrases that name the service, folded: "nhận cảnh báo", "đăng ký cảnh báo"…
const std::array<Words, 8> kPhrases = {{
    {"nhan", "canh", "bao"},
    {"nhan", "duoc", "canh", "bao"},  // a wish only after a wish word: alone it tells of one received
    {"nhan", "tin", "canh", "bao"},
    {"nhan", "thong", "bao", "lua", "dao"},
    {"dang", "ky", "canh", "bao"},
    {"dang", "ki", "canh", "bao"},
    {"bat", "canh", "bao"},
    {"tat", "canh", "bao"},
}};

// Said before the phrase (up to four words back), they make it a wish.
// ("tôi", "bố" and the like are not: "tôi nhận cảnh báo này…" tells of one received.)
const std::array<std::string_view, 11> kWish = {"muon", "cho", "xin", "sao", "cach", "giup", "ky", "ki",
                                                "can", "the", "de"};
// Said before the phrase, they turn it into stopping the service: "không muốn nhận",
// "thôi nhận". ("dừng" is left out: folded it is "dùng", to use.) Stopping is only
// offered as a button, so "sao tôi không nhận cảnh báo" costs a tap, not a change.
const std::array<std::string_view, 4> kStop = {"khong", "thoi", "huy", "ngung"};
// A warning already received, or a question about one: left to the FAQ.
const std::array<std::string_view, 6> kReceived = {"da", "vua", "moi", "bi", "hay", "thuong"};
// Said after the phrase: "… từ ngân hàng", "… có thật không", "… này", "… qua tin nhắn lạ".
const std::array<std::string_view, 9> kAfterReceived = {"tu", "that", "gia", "qua", "la", "ve", "nay", "kia", "do"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

std::size_t find_phrase(const Words& w, const Words& phrase) {
  if (w.size() < phrase.size()) return std::string::npos;
  for (std::size_t i = 0; i + phrase.size() <= w.size(); ++i) {
    if (std::equal(phrase.begin(), phrase.end(), w.begin() + static_cast<std::ptrdiff_t>(i))) return i;
  }
  return std::string::npos;
}

}  // namespace

SubscribeWish read_subscribe_wish(std::string_view text) {
  const Words w = text::fold_words(text);
  for (const auto& phrase : kPhrases) {
    const std::size_t at = find_phrase(w, phrase);
    // "tin nhắn cảnh báo" folds to "tin nhan canh bao": a message, not "nhận".
    if (at == std::string::npos || (at > 0 && w[at - 1] == "tin")) continue;
    const std::size_t after = at + phrase.size();
    const bool turn_off = phrase.front() == "tat";
    const bool received_form = phrase[1] == "duoc";
    bool wish = (at == 0 && !received_form) || turn_off || phrase.front() == "dang" || phrase.front() == "bat";
    bool stop = turn_off;
    for (std::size_t i = at >= 4 ? at - 4 : 0; i < at; ++i) {
      if (among(kReceived, w[i])) return SubscribeWish::none;
      if (among(kStop, w[i])) stop = true;
      if (among(kWish, w[i])) wish = true;
    }
    // "cảnh báo lừa đảo" and "nữa" are part of the wish; what comes next may tell of a
    // warning received ("… từ số lạ").
    std::size_t rest = after;
    for (std::string_view tail : {"lua", "dao", "moi", "nua"}) {
      if (rest < w.size() && w[rest] == tail) ++rest;
    }
    if (rest < w.size() && among(kAfterReceived, w[rest])) return SubscribeWish::none;
    if (!wish && !stop) return SubscribeWish::none;
    return stop ? SubscribeWish::off : SubscribeWish::on;
  }
  return SubscribeWish::none;
}

}  // namespace hocvuso::broadcast
