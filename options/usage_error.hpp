#pragma once
// A bad command line: an unknown option, a missing required one, a value of the wrong type or
// out of range. One clear line; a program reports it and exits 2.
#include <stdexcept>

namespace rill {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace rill
