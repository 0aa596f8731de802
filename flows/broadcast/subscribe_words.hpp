// A citizen asking, in her own words, to receive the scam warnings or to stop them:
// "cho tôi nhận cảnh báo ở xã Mường Bú", "tôi muốn đăng ký nhận cảnh báo lừa đảo",
// "không muốn nhận cảnh báo nữa". Read narrowly on purpose: the words "nhận cảnh báo"
// also stand in a scam victim's story ("tôi vừa nhận cảnh báo từ ngân hàng, có thật
// không?"), which the FAQ must answer. So the wish must be said (a wish word before the
// phrase, or the phrase opening the message), and what tells of a warning already
// received (đã, vừa, được, từ …) leaves the message to the FAQ.
#pragma once

#include <string_view>

namespace hocvuso::broadcast {

enum class SubscribeWish { none, on, off };

SubscribeWish read_subscribe_wish(std::string_view text);

}  // namespace hocvuso::broadcast
