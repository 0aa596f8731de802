// Fuzz target: the content loader (bot/content and each feature's part), as
// `hocvuso content check` and SIGHUP run it. The first byte of an input picks one
// file of a copy of the shipped content/ (strings, a lesson, the learning path, an
// FAQ file, a province's places, the report words, the warning templates); the rest
// of the input replaces that file, and the content is checked. Whatever the bytes,
// the loader must answer with problems, never crash or throw anything else.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bot/app/content_spec.hpp"

using namespace hocvuso;
namespace fs = std::filesystem;

namespace {

struct Tree {
  fs::path dir;
  std::vector<fs::path> files;  // relative, sorted
  ContentSpec spec;
};

Tree& tree() {
  static Tree t = [] {
    Tree made;
    made.dir = fs::temp_directory_path() / ("hocvuso-fuzz-content-" + std::to_string(::getpid()));
    fs::remove_all(made.dir);
    fs::copy(fs::path(HOCVUSO_SOURCE_DIR) / "content", made.dir, fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(made.dir)) {
      if (e.is_regular_file() && e.path().extension() == ".json") {
        made.files.push_back(fs::relative(e.path(), made.dir));
      }
    }
    std::sort(made.files.begin(), made.files.end());
    made.spec = content_spec();
    return made;
  }();
  return t;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)tree();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Tree& t = tree();
  const fs::path file = t.dir / t.files[data[0] % t.files.size()];
  const std::string original = read(file);
  write(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  // Only the part that reads this file (and the strings every part needs) is loaded:
  // the learning path, the FAQ, the places, the reports' words or the templates.
  ContentSpec spec;
  spec.required_keys = t.spec.required_keys;
  const std::string top = t.files[data[0] % t.files.size()].begin()->string();
  const std::vector<std::string> order = {"learning", "faq", "places", "reports", "broadcast"};
  for (std::size_t i = 0; i < order.size() && i < t.spec.parts.size(); ++i) {
    if (top == order[i]) spec.parts.push_back(t.spec.parts[i]);
  }
  const auto problems = check_content(t.dir, spec);
  for (const auto& p : problems) {
    if (p.message.empty()) __builtin_trap();  // every problem says what is wrong
  }
  write(file, original);
  return 0;
}
