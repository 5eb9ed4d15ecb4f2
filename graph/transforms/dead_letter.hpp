#pragma once
// The dead-letter pattern: a step whose function throws on a bad record does not fail the
// job; the record goes, with the step and the error, to a dead-letter collection that can be
// written anywhere. Each dead letter is counted as malformed in the step's counters.
//   auto [events, dead] = lines | rill::TryMap("Parse", parse_event);
//   dead | rill::Map("AsJson", rill::to_json_line) | rill::io::WriteToText("DeadLetters", path);
#include <tuple>

#include "graph/describe.hpp"
#include "graph/transforms/pardo.hpp"

namespace rill {
namespace detail {

template <class F, class In, class Out>
struct TryMapFn : DoFn<In, Out, DeadLetter> {
  F f;
  std::string step;
  void process(In&& x, Emitter<Out>& out, Emitter<DeadLetter>& dead) {
    try {
      out.emit(f(std::as_const(x)));
    } catch (const std::exception& e) {
      dead.emit(DeadLetter{step, e.what(), describe(x)});
    }
  }
};

}  // namespace detail

template <class F>
struct TryMap {
  std::string name;
  F f;
  TryMap(std::string n, F fn) : name(std::move(n)), f(std::move(fn)) {}

  template <class T>
  std::tuple<PCollection<std::remove_cvref_t<std::invoke_result_t<F&, const T&>>>,
             PCollection<DeadLetter>>
  expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_v<F&, const T&>,
                  "rill::TryMap: the function cannot be called with the element type (const T&)");
    using Out = std::remove_cvref_t<std::invoke_result_t<F&, const T&>>;
    static_assert(!std::is_void_v<Out>, "rill::TryMap: the function must return the new element");
    detail::TryMapFn<F, T, Out> fn{{}, f, in.graph().qualified(name)};
    return ParDo(name, std::move(fn)).expand(in);
  }
};

// {"step":...,"error":...,"record":...} with JSON string escaping: always valid JSON. A
// record that is not valid UTF-8 shows U+FFFD for its bad bytes and comes whole, as base64,
// in "record_base64", so nothing of it is lost.
std::string to_json_line(const DeadLetter& d);

}  // namespace rill
