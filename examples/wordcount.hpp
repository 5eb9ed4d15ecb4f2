#pragma once
// WordCount: the classic. Words are the maximal runs of [A-Za-z'] (case kept, so "Don't" and
// "don't" are different words); the output has one line "word: count" per distinct word.
#include <string>
#include <string_view>

#include "rill.hpp"

namespace rill::examples {

inline bool is_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '\'';
}

// Calls emit(std::string_view) for each word of `line`.
template <class Emit>
void for_each_word(std::string_view line, Emit&& emit) {
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    while (i < n && !is_word_char(line[i])) ++i;
    const size_t start = i;
    while (i < n && is_word_char(line[i])) ++i;
    if (i > start) emit(line.substr(start, i - start));
  }
}

// lines -> "word: count" lines.
PCollection<std::string> count_words(const PCollection<std::string>& lines);

// ReadFromText(input) -> count_words -> WriteToText(output).
void build_wordcount(Pipeline& p, const std::string& input, const std::string& output,
                     int num_shards = 0);

}  // namespace rill::examples
