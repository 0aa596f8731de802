// The one place resolver: what a person typed ("xa chieng an", "P. Chiềng-An",
// "Chiềng Xôm", "thuan chu, Sơn La", "03664") -> exactly one unit, a question, or
// nothing. Every feature that takes a commune from a person uses it: group titles,
// /lienket, /canhbao bat, the ticket flow, the broadcast composer, the command line
// and the admin API.
//
// The rule: never guess silently.
//  - one:  the name matches exactly one CURRENT unit (folded: no diacritics, case,
//          hyphens, spaces, a "Xã/Phường/P./X." prefix; the type word and the
//          diacritics, when given, narrow names that fold alike). Link it and say
//          which unit it is (candidates[0]); when the type word contradicts the unit
//          ("xã Chiềng An" for phường Chiềng An), kind_contradicts() is true: say so.
//          A 5-digit official code is also "one".
//  - ask:  anything else that comes near: several current units of one name (each
//          choice must show its type and province), a former unit ("xã Chiềng Xôm"
//          -> phường Chiềng An; two or three units when it was split), a typo (edit
//          distance on folded syllables). Offer candidates as buttons; one tap confirms.
//          Current names win over former ones: a current match never asks about a
//          former unit of the same name.
//  - none: nothing near; candidates are the closest current units, for "did you mean".
//
// Chat answers one/ask/none; the command line and the API accept only `one`
// (exit code 2 / HTTP 400 naming the candidates otherwise).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flows/places/places.hpp"

namespace hocvuso::places {

enum class Why {
  name,     // the current name
  former,   // a former unit merged, or partly merged, into it
  typo,     // near the current name
  closest,  // nothing matched; one of the nearest names (only in `none`)
};

struct Candidate {
  const Commune* unit = nullptr;
  Why why = Why::name;
  const FormerUnit* former = nullptr;  // Why::former: which former unit matched
  std::size_t distance = 0;            // edits from what was typed (typo, closest)
};

struct Resolution {
  enum class Kind { one, ask, none };
  Kind kind = Kind::none;
  std::vector<Candidate> candidates;  // one: exactly one; ask: 1..kMaxChoices; none: the closest
  std::string typed_kind;             // "xã", "phường" or "thị trấn" when the text began with it
  std::string typed_name;             // the name part as typed, without type word and province
  // "Chiềng Sinh, Lào Cai" where Lào Cai has no such unit: the province named ("lao-cai");
  // the candidates are the units of that name elsewhere, always asked.
  std::string other_province;
  bool in_sentence = false;  // resolve_spoken() found the name inside a longer text

  const Commune* unit() const { return kind == Kind::one ? candidates.front().unit : nullptr; }
  // one: the text said "xã" for a phường or the reverse.
  bool kind_contradicts() const;
  // The candidates' units, in order.
  std::vector<const Commune*> units() const;
};

inline constexpr std::size_t kMaxChoices = 5;  // Zalo OA shows five buttons a message

// `province`: a province id to search in, or "" for every loaded province. A province
// named at the end of the text ("Chiềng An, Sơn La", "thuan chau tinh son la") narrows too.
Resolution resolve(const Places& places, std::string_view text, std::string_view province = "");

// Chat only: the place as a person says it, perhaps inside a sentence ("cho tôi nhận
// cảnh báo ở xã Chiềng Hặc huyện Yên Châu", "tôi ở chiềng hặc nhé"). resolve() first;
// when that finds no one unit, the words after the last type word ("xã", "phường",
// "thị trấn") up to a district or province word are read alone, and a single current
// unit named that way is taken. Failing that, a run of two to four words that is
// exactly the name of current units is offered: asked, never taken. The command line
// and the API keep to resolve(), where a sentence is a mistake to report.
Resolution resolve_spoken(const Places& places, std::string_view text, std::string_view province = "");

// A reply to "which xã, phường?" that names no place and is a sentence of four words or
// more ("cảm ơn cháu nhé", a question, a story of a scam call): the asking flow steps
// aside and the text is answered as any other message, rather than read as a place
// name that is not found (a citizen's question was lost that way, and she was asked for
// her commune again and again). A shorter unknown name is a mistyped place: asked again.
bool names_no_place(const Resolution& r, std::string_view text);

// A province by id ("son-la") or name as typed ("Sơn La", "son la", "tỉnh Sơn La", "SON-LA").
const Province* resolve_province(const Places& places, std::string_view text);

}  // namespace hocvuso::places
