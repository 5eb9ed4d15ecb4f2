#include "graph/state/timers.hpp"

#include <stdexcept>

namespace rill {

void Timers::set(std::string_view name, Timestamp t, TimeDomain domain) {
  if (domain == TimeDomain::kEventTime && t > expiry_)
    throw std::runtime_error("timer '" + std::string(name) + "' set at " + std::to_string(t) +
                             ", after its window [" + std::to_string(window_->start) + ", " +
                             std::to_string(window_->end) + ") expires at " +
                             std::to_string(expiry_));
  TimerSpec spec{std::string(name), domain, t, ++*generation_};
  bool replaced = false;
  for (auto& s : *timers_)
    if (s.name == name) {
      s = spec;
      replaced = true;
    }
  if (!replaced) timers_->push_back(spec);
  fresh_.push_back(std::move(spec));
}

void Timers::clear(std::string_view name) {
  std::erase_if(*timers_, [&](const TimerSpec& s) { return s.name == name; });
}

const TimerSpec* Timers::find(std::string_view name) const {
  for (const auto& s : *timers_)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace rill
