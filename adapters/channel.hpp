// The contract every platform adapter fulfils. Adapters are sans-I/O translators:
// they check a webhook's authenticity, parse a platform update into the core model,
// render an Outgoing into API calls described as data, and classify the platform's
// answer. The HTTPS client, the store and the outbox sender do the I/O.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/api_call.hpp"
#include "bot/core/message.hpp"
#include "bot/core/result.hpp"

namespace hocvuso {

// What the outbox does next with a message, as the adapter reads the platform's answer.
enum class Verdict {
  delivered,       // accepted
  retry_after,     // rate limited: wait `retry_after`, then the same request again
  retry,           // 5xx, timeout, network: retry with exponential backoff and jitter
  refresh_token,   // access token invalid or expired: refresh, then retry once
  migrated,        // the chat moved (Telegram group -> supergroup): retry at new_chat_id
  outside_window,  // Zalo's 7-day interaction window: park until the person writes again
  chat_inactive,   // blocked, kicked, deleted, never started: mark the chat inactive, never retry
  failed,          // permanent for this message (bad request): give up, keep the row as failed
};

std::string_view to_string(Verdict v);

struct SendResult {
  Verdict verdict = Verdict::failed;
  std::chrono::seconds retry_after{0};
  std::string new_chat_id;          // Verdict::migrated
  std::string platform_message_id;  // Verdict::delivered, when the platform gives one
  std::string detail;               // the platform's error text, for logs (never user text)
};

// One webhook delivery or one polled update, parsed.
struct ParsedUpdate {
  std::string dedupe_key;           // the platform's id for this delivery (update_id, msg_id, ...)
  std::optional<Incoming> message;  // for the dispatcher
  std::vector<ChatEvent> events;
  // Calls to make at once, outside the outbox, because they only end a spinner
  // and carry nothing a person would miss (Telegram answerCallbackQuery).
  std::vector<ApiRequest> acknowledgements;
  std::string ignored;              // non-empty: a kind hocvuso acknowledges and ignores (why)
};

// Why a webhook was refused; `reason` is a fixed word, used as a metrics label.
struct Rejection {
  int status = 401;
  std::string reason;  // missing_secret, bad_secret, bad_signature, stale, wrong_app, malformed
};

using HeaderLookup = std::function<std::string_view(std::string_view name)>;

class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;
  virtual Channel channel() const = 0;

  // Webhook authenticity (constant-time comparisons). nullopt: genuine.
  virtual std::optional<Rejection> verify(std::string_view body, const HeaderLookup& header,
                                          TimePoint now) const = 0;
  // One update: a webhook body or one element of a polled batch. A Problem (code
  // "malformed", the message says why): the update cannot be read.
  virtual Result<ParsedUpdate> parse(std::string_view body) const = 0;

  // Whether this kind of chat shows buttons; if not, the sender renders numbered options.
  virtual bool shows_buttons(ChatType type) const = 0;
  // Longest text one message may carry, in UTF-16 code units.
  virtual std::size_t max_text_units() const = 0;
  // One Outgoing -> its API calls in order. The text already fits max_text_units()
  // and payloads already fit the platform (the sender splits and maps them).
  virtual ApiRequest render(const Outgoing& message, ChatType type) const = 0;
  // The platform's HTTP answer, read. No answer at all is no_answer() below.
  virtual SendResult classify(const ApiResponse& response) const = 0;

  // Most buttons one message may carry (0: no limit). The sender puts the rest in
  // follow-up messages of continuation_text() and up to this many buttons each, in
  // order, so every choice stays one tap away (Zalo OA: 4).
  virtual std::size_t max_buttons_per_message() const { return 0; }
  virtual std::string continuation_text() const { return {}; }
  // Longest button payload the platform carries; longer ones travel as stored refs.
  virtual std::size_t max_payload_bytes() const { return 64; }
  // The platform's per-chat pace; {0, 0}: no per-chat limit beyond the overall rate.
  struct ChatRate {
    double per_second = 0;
    double burst = 0;
  };
  virtual ChatRate chat_rate(ChatType) const { return {}; }
  // Long polling (getUpdates) for platforms that offer it; nullopt: webhook only.
  virtual std::optional<ApiRequest> poll_request(std::int64_t /*offset*/, int /*timeout_seconds*/) const {
    return std::nullopt;
  }
};

// No HTTP answer (the client's Problem: resolve, connect, TLS, timeout): the same on
// every platform, tried again with backoff (Verdict::retry); detail is the problem's message.
SendResult no_answer(const Problem& problem);

// Constant-time equality, for secrets and signatures.
bool constant_time_equal(std::string_view a, std::string_view b);

// Splits text into pieces of at most `max_units` UTF-16 code units, preferring
// paragraph breaks, then line breaks, then sentence ends, then spaces; never inside
// a UTF-8 sequence. Pieces keep their order; nothing is dropped.
std::vector<std::string> split_text(std::string_view text, std::size_t max_units);
std::size_t utf16_units(std::string_view utf8);

// What one Outgoing becomes on a platform: its text split to max_units, the buttons on
// the last piece, and buttons beyond max_buttons (0: no limit) in follow-up pieces of
// `continuation` text, max_buttons each. Rows are kept where they fit; a row longer
// than max_buttons is broken up.
struct MessagePiece {
  std::string text;
  ButtonRows buttons;
};
std::vector<MessagePiece> lay_out(std::string_view text, const ButtonRows& buttons, std::size_t max_units,
                                  std::size_t max_buttons, std::string_view continuation);

}  // namespace hocvuso
