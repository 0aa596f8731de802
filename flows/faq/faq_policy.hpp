// What to do with a question: answer when one entry is clearly ahead, offer the
// closest three when they are close, decline honestly when nothing fits, refuse a
// request to break the law. Pure: no store, no strings.
#pragma once

#include <string_view>
#include <vector>

#include "flows/faq/faq_content.hpp"

namespace hocvuso::faq {

enum class Outcome {
  answer,    // hits[0] is the answer
  choices,   // hits (up to 3) as buttons
  decline,   // nothing fits: say so, offer the menu and a person
  refuse,    // an unlawful request
  greeting,  // nothing but greetings, small talk and filler words ("alo", "em ơi")
  thanks,    // small talk that thanks ("cảm ơn em nhiều")
};

struct Decision {
  Outcome outcome = Outcome::decline;
  std::vector<Hit> hits;  // best first, at most 3 (also for decline, for authors)
  // For authors (the CLI's JSONL): the ranked hits before choices were trimmed to the
  // close ones, and which rule decided.
  std::vector<Hit> ranked;
  const char* rule = "";
};

// Rules that can be switched, for measuring one against the other.
struct DecideOptions {
  // The n-gram channel's second opinion (faq10, faq_ngrams.hpp): agreeing channels
  // answer on a smaller lead, a clearly disagreeing one turns an answer into choices.
  // On: on every held-out set it gave fewer confident wrong answers (frozen 4 -> 2 of
  // 141, FRESH 7 -> 6 of 184, held-out paraphrases 127 -> 118 of 644) for about as many
  // right ones in all (FRESH 3 fewer); content/faq/README.md has the figures.
  bool second_opinion = true;
};

// `question` as masked by text::mask_secrets (its placeholders are not read as words).
Decision decide(const FaqContent& faq, std::string_view question, const DecideOptions& options = {});

// How sure a hit is, 0..1: the share of the question it explains, discounted when it
// explains only a small part of the entry (one shared word is not a match).
double confidence(const Hit& hit);

const char* to_string(Outcome v);

}  // namespace hocvuso::faq
