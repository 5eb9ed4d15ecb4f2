#pragma once
// CoGroup: joins two keyed CSV files on their key with CoGroupByKey. For every key present
// in either input, one line
//   key|a1;a2;...|b1;b2;...
// with the key's values from the left input, then from the right input; each list sorted
// bytewise (so the output does not depend on read order or parallelism), duplicates kept,
// empty when the key is missing from that side. Keys and values are written as they are:
// a value holding '|' or ';' is not escaped, so such inputs give ambiguous lines.
// Lines are split by the rule of keyed_line.hpp; lines without a comma are dead letters of
// step ParseLeft or ParseRight (counted, and written as JSON lines when a path is given).
// Inner, left and right joins follow from this output: keep the lines whose lists are both
// non-empty, or the left one, or the right one.
//   rill run cogroup --left=a.csv --right=b.csv --output=out/joined [--dead-letter=bad.jsonl]
#include <string>
#include <tuple>
#include <vector>

#include "rill.hpp"

namespace rill::examples::join {

struct CoGroupOptions {
  std::string left;         // file or glob of key,value lines
  std::string right;        // file or glob of key,value lines
  std::string output;       // output prefix: files PREFIX-SSSSS-of-NNNNN
  std::string dead_letter;  // empty: malformed lines are only counted
};

using Keyed = KV<std::string, std::string>;
using CoGrouped = KV<std::string, std::tuple<std::vector<std::string>, std::vector<std::string>>>;

// "key|a1;a2|b1": the lists sorted bytewise.
std::string format_cogrouped(CoGrouped grouped);

// Keyed left and right values -> one formatted line per key.
PCollection<std::string> cogroup_lines(const PCollection<Keyed>& left,
                                       const PCollection<Keyed>& right);

// read both -> split -> cogroup_lines -> write.
void build_cogroup(Pipeline& p, const CoGroupOptions& options);

}  // namespace rill::examples::join
