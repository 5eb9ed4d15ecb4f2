#pragma once
// Generated key,value files for the cogroup tests and, with plain loops, the lines the join
// must write. Keys overlap only partly; values hold commas, are empty or repeat; some start
// with bytes >= 0x80, which sort after ASCII bytewise (and before it with signed chars).
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/examples/dead_letter_checks.hpp"
#include "tests/examples/gaming_reference.hpp"

namespace cogroup_test {

struct KeyedFiles {
  std::string left, right;  // file contents
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> values;
  std::vector<model_test::ExpectedDeadLetter> dead_letters;
};

inline KeyedFiles generate_keyed_files(int lines_per_side, uint32_t seed) {
  std::mt19937 rng(seed);
  KeyedFiles f;
  const std::vector<std::string> values = {"v", "",  "a,b", "a,b,", " spaced ", "\xc3\xa9t\xc3\xa9",
                                           "z", "Z", "10",  "9",    "x|y",      "semi;colon"};
  auto fill = [&](std::string& text, bool left, const std::string& side) {
    std::vector<std::string> lines;
    for (int i = 0; i < lines_per_side; ++i) {
      // Left keys k0..k199, right keys k100..k299: a third on each side only, a third on both.
      std::string key = "k" + std::to_string((left ? 0 : 100) + static_cast<int>(rng() % 200));
      if (i % 97 == 0) key = "";  // an empty key is a key
      std::string value =
          values[rng() % values.size()] + (rng() % 3 == 0 ? std::to_string(i % 5) : "");
      (left ? f.values[key].first : f.values[key].second).push_back(value);
      lines.push_back(key + "," + value);
    }
    for (const std::string bad : {"", "no comma at all", "\xc3\xa9"}) {
      lines.push_back(bad);
      f.dead_letters.push_back({"Parse" + side, bad, bad.empty() ? "empty line" : "no comma"});
    }
    std::shuffle(lines.begin(), lines.end(), rng);
    for (const auto& l : lines) text += l + "\n";
  };
  fill(f.left, true, "Left");
  fill(f.right, false, "Right");
  return f;
}

inline std::string joined(std::vector<std::string> v) {
  // Bytewise: compare as unsigned char, whatever the signedness of char.
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    });
  });
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ";" : "") + v[i];
  return out;
}

inline std::vector<std::string> expected_cogroup(const KeyedFiles& f) {
  std::vector<std::string> out;
  for (const auto& [key, lr] : f.values)
    out.push_back(key + "|" + joined(lr.first) + "|" + joined(lr.second));
  return gaming_test::sorted(out);
}

}  // namespace cogroup_test
