#pragma once
// The full definition of a pipeline as text: every step with what shapes it (its kind, inputs,
// parallelism, the files a source reads and a sink writes), every collection's coder and
// windowing, and the parameters it was built from. Two processes of one cluster must agree
// on it line by line (a worker started with another --input is refused, naming the first
// difference), and a checkpoint records it so that a resume of a different pipeline is
// refused. Steps are named by their stable names, never by position.
#include <cstdint>
#include <string>
#include <vector>

namespace rill {

class GraphDef;

// One line per fact, in graph order: "step 'Read' [ReadFromText] source: ...".
std::vector<std::string> definition_lines(const GraphDef& g);

// A 64-bit hash of the lines (for logs and metadata; comparisons use the lines).
uint64_t definition_fingerprint(const std::vector<std::string>& lines);

// Empty when `mine` and `theirs` are equal; else one line naming the first difference:
// "step 'Read' [ReadFromText] reads ...: here 'a.txt', on the coordinator 'b.txt'"-like text
// built from the two lines that differ (or the one that the other lacks).
std::string first_difference(const std::vector<std::string>& mine,
                             const std::vector<std::string>& theirs, const std::string& me,
                             const std::string& them);

}  // namespace rill
