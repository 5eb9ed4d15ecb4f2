#include "bench/text_gen.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "graph/stable_hash.hpp"

namespace rill::bench {
namespace {

constexpr size_t kVocabulary = 30000;

std::vector<std::string> make_vocabulary() {
  static constexpr std::array<const char*, 32> kSyllables = {
      "the", "an", "ing", "er", "on", "re", "at", "en", "ti", "st", "ou",
      "ha",  "ed", "or",  "to", "it", "is", "ar", "al", "ne", "se", "le",
      "ve",  "me", "co",  "de", "ri", "ly", "ma", "wo", "pe", "qu"};
  std::vector<std::string> words;
  words.reserve(kVocabulary);
  for (uint64_t j = 0; j < kVocabulary; ++j) {
    uint64_t h = rill::mix64(j * 0x9E3779B97F4A7C15ULL + 17);
    const int syllables = 1 + static_cast<int>(h % 4);
    std::string w;
    for (int s = 0; s < syllables; ++s) {
      h = rill::mix64(h);
      w += kSyllables[h % kSyllables.size()];
    }
    if (j % 41 == 0) w += "'s";
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace

void generate_text(const std::string& path, int64_t megabytes) {
  const std::vector<std::string> vocab = make_vocabulary();
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f) throw std::runtime_error("cannot write " + path);
  const uint64_t target = static_cast<uint64_t>(megabytes) << 20;
  uint64_t written = 0, state = 0x1234567ULL;
  auto next = [&state] { return state = rill::mix64(state + 0x9E3779B97F4A7C15ULL); };
  std::string buf;
  while (written < target) {
    buf.clear();
    while (buf.size() < (1u << 20) && written + buf.size() < target) {
      const int words = 6 + static_cast<int>(next() % 11);
      for (int i = 0; i < words; ++i) {
        // The product of two uniforms favours small ranks: a few words are very frequent.
        const uint64_t a = next() % kVocabulary, b = next() % kVocabulary;
        const uint64_t r = next();
        if (i > 0) buf += ' ';
        if (r % 97 == 0) {  // a number: not a word
          buf += std::to_string(r % 2000);
          continue;
        }
        std::string w = vocab[a * b / kVocabulary];
        if (i == 0 || r % 13 == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
        buf += w;
        if (r % 11 == 0) buf += (r % 3 == 0) ? "." : ",";
      }
      buf += '\n';
    }
    if (std::fwrite(buf.data(), 1, buf.size(), f.get()) != buf.size())
      throw std::runtime_error("write failed: " + path);
    written += buf.size();
  }
}

}  // namespace rill::bench
