// Fuzz target: the one places resolver (flows/places/resolve.*), over the shipped
// list of communes: every text a group title, /lienket or /mato may carry.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flows/places/places.hpp"
#include "flows/places/resolve.hpp"
#include "shipped_content.hpp"

using namespace hocvuso;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::shipped_content();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& places = fuzz::shipped_content().get<places::Places>();
  for (std::string_view province : {std::string_view(), std::string_view("son-la")}) {
    const auto r = places::resolve(places, text, province);
    if (r.kind == places::Resolution::Kind::one && r.candidates.size() != 1) __builtin_trap();
    if (r.kind == places::Resolution::Kind::ask &&
        (r.candidates.empty() || r.candidates.size() > places::kMaxChoices)) {
      __builtin_trap();
    }
  }
  (void)places::resolve_province(places, text);
  (void)places::commune_key(text);
  return 0;
}
