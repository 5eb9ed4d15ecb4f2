#pragma once
// Map, FlatMap, Filter and WithTimestamps: element-wise steps built from plain callables:
// lambdas, function objects, free functions and function pointers.
//   pc | rill::Map("Upper", [](std::string s) { ...; return s; })
//   pc | rill::FlatMap("Split", [](const std::string& l) { return std::vector<std::string>{...}; })
//   pc | rill::FlatMap<std::string>("Split", [](const std::string& l, rill::Emitter<std::string>&
//   out) {...}) pc | rill::Filter("NonEmpty", [](const std::string& s) { return !s.empty(); })
// Each function may take the step's user metrics (graph/metrics.hpp) as an extra last
// parameter, after the side inputs if any:
//   pc | rill::Map("Parse", [](const std::string& s, rill::Metrics& m) { ...; return n; })
#include <algorithm>
#include <ranges>
#include <type_traits>

#include "graph/transforms/do_fn.hpp"

namespace rill {
namespace detail {

// A user function is called f(args...), or f(args..., metrics) when it takes the step's
// Metrics as its last parameter.
template <class F, class... A>
constexpr bool takes_metrics = std::is_invocable_v<F&, A..., Metrics&>;
template <class F, class... A>
constexpr bool callable = takes_metrics<F, A...> || std::is_invocable_v<F&, A...>;
template <class R, class F, class... A>
constexpr bool callable_r =
    std::is_invocable_r_v<R, F&, A..., Metrics&> || std::is_invocable_r_v<R, F&, A...>;

template <class F, class... A>
decltype(auto) call_user(F& f, Metrics& m, A&&... a) {
  if constexpr (takes_metrics<F, A&&...>)
    return f(std::forward<A>(a)..., m);
  else
    return f(std::forward<A>(a)...);
}

template <class F, class... A>
auto user_result() {
  if constexpr (takes_metrics<F, A...>)
    return std::type_identity<std::invoke_result_t<F&, A..., Metrics&>>{};
  else if constexpr (std::is_invocable_v<F&, A...>)
    return std::type_identity<std::invoke_result_t<F&, A...>>{};
  else
    return std::type_identity<void>{};
}
// What f returns, without cv or reference (void when it cannot be called).
template <class F, class... A>
using user_result_t = std::remove_cvref_t<typename decltype(user_result<F, A...>())::type>;

template <class F, class In, class Out>
struct MapFn : DoFn<In, Out> {
  F f;
  void process(In&& x, Emitter<Out>& out) { out.emit(call_user(f, out.metrics(), std::move(x))); }
};

template <class F, class In, class Out>
struct FlatMapRangeFn : DoFn<In, Out> {
  F f;
  void process(In&& x, Emitter<Out>& out) {
    for (auto&& y : call_user(f, out.metrics(), std::move(x)))
      out.emit(std::forward<decltype(y)>(y));
  }
};

template <class F, class In, class Out>
struct FlatMapEmitFn : DoFn<In, Out> {
  F f;
  void process(In&& x, Emitter<Out>& out) { call_user(f, out.metrics(), std::move(x), out); }
};

// The same adapters for functions that also read side inputs (last parameter).
template <class F, class In, class Out>
struct MapSideFn : DoFn<In, Out> {
  F f;
  void process(In&& x, Emitter<Out>& out, const SideInputs& s) {
    out.emit(call_user(f, out.metrics(), std::move(x), s));
  }
};

template <class F, class In, class Out>
struct FlatMapEmitSideFn : DoFn<In, Out> {
  F f;
  void process(In&& x, Emitter<Out>& out, const SideInputs& s) {
    call_user(f, out.metrics(), std::move(x), out, s);
  }
};

template <class F, class T>
struct FilterSideFn : DoFn<T, T> {
  F f;
  void process(T&& x, Emitter<T>& out, const SideInputs& s) {
    if (call_user(f, out.metrics(), std::as_const(x), s)) out.emit(std::move(x));
  }
};

// Adds an element-wise step that edits batches in place: edit(Batch<T>&, Metrics&).
template <class T, class Edit>
PCollection<T> add_in_place_step(const PCollection<T>& in, const std::string& name,
                                 std::string label, Edit edit) {
  auto factory = [edit](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return exec::make_in_place_op<T, Edit>(ctx.step, edit);
  };
  return add_step<T>(in, name, std::move(label), NodeKind::kElementwise, factory, in.windowing());
}

}  // namespace detail

// Map("Name", f) with f(T) -> Out; Map("Name", f, views...) with f(T, const SideInputs&); either
// may take a last rill::Metrics&.
template <class F, class... Views>
struct Map {
  std::string name;
  F f;
  std::tuple<Views...> views;
  Map(std::string n, F fn, Views... vs)
      : name(std::move(n)), f(std::move(fn)), views(std::move(vs)...) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(detail::check_side_inputs<T, Views...>());
    if constexpr (sizeof...(Views) == 0 && !detail::callable<F, T&&>) {
      static_assert(detail::callable<F, T&&>,
                    "rill::Map: the function cannot be called with the element type of the "
                    "PCollection it is applied to (and optionally rill::Metrics& last)");
      return detail::wiring_error(in);
    } else if constexpr (sizeof...(Views) == 0 && std::is_void_v<detail::user_result_t<F, T&&>>) {
      static_assert(!std::is_void_v<detail::user_result_t<F, T&&>>,
                    "rill::Map: the function must return the new element (use FlatMap or ParDo "
                    "to emit zero or several)");
      return detail::wiring_error(in);
    } else if constexpr (sizeof...(Views) == 0) {
      using Out = detail::user_result_t<F, T&&>;
      if constexpr (std::is_same_v<Out, T> && std::is_move_assignable_v<T>) {
        return detail::add_in_place_step(in, name, "Map", [f = f](Batch<T>& b, Metrics& m) mutable {
          for (auto& e : b) e.value = detail::call_user(f, m, std::move(e.value));
        });
      } else {
        return detail::add_pardo(in, name, "Map", detail::MapFn<F, T, Out>{{}, f});
      }
    } else if constexpr (!detail::callable<F, T&&, const SideInputs&> ||
                         std::is_void_v<detail::user_result_t<F, T&&, const SideInputs&>>) {
      static_assert(detail::callable<F, T&&, const SideInputs&>,
                    "rill::Map with side inputs: the function must take (element, const "
                    "rill::SideInputs&), and optionally rill::Metrics& last");
      static_assert(!std::is_void_v<detail::user_result_t<F, T&&, const SideInputs&>> ||
                        !detail::callable<F, T&&, const SideInputs&>,
                    "rill::Map: the function must return the new element");
      return detail::wiring_error(in);
    } else {
      using Out = detail::user_result_t<F, T&&, const SideInputs&>;
      return detail::add_pardo(in, name, "Map", detail::MapSideFn<F, T, Out>{{}, f}, views);
    }
  }
};

template <class Out, class F, class... Views>
struct FlatMapT {
  std::string name;
  F f;
  std::tuple<Views...> views;

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(detail::check_side_inputs<T, Views...>());
    if constexpr (sizeof...(Views) > 0) {
      if constexpr (std::is_void_v<Out> ||
                    !detail::callable<F, T&&, Emitter<Out>&, const SideInputs&>) {
        static_assert(
            !std::is_void_v<Out> && detail::callable<F, T&&, Emitter<Out>&, const SideInputs&>,
            "rill::FlatMap<Out> with side inputs: the function must take (element, "
            "rill::Emitter<Out>&, const rill::SideInputs&)");
        return detail::wiring_error(in);
      } else {
        return detail::add_pardo(in, name, "FlatMap", detail::FlatMapEmitSideFn<F, T, Out>{{}, f},
                                 views);
      }
    } else if constexpr (std::is_void_v<Out> && !detail::callable<F, T&&>) {
      static_assert(detail::callable<F, T&&>,
                    "rill::FlatMap: the function cannot be called with the element type of the "
                    "PCollection it is applied to (for the emitter form write "
                    "FlatMap<Out>(name, f(elem, rill::Emitter<Out>&)))");
      return detail::wiring_error(in);
    } else if constexpr (std::is_void_v<Out> &&
                         !std::ranges::range<detail::user_result_t<F, T&&>>) {
      static_assert(std::ranges::range<detail::user_result_t<F, T&&>>,
                    "rill::FlatMap: the function must return a range (e.g. a std::vector) of "
                    "outputs, or use FlatMap<Out>(name, f(elem, rill::Emitter<Out>&))");
      return detail::wiring_error(in);
    } else if constexpr (std::is_void_v<Out>) {
      using R = detail::user_result_t<F, T&&>;
      using O = std::remove_cvref_t<std::ranges::range_value_t<R>>;
      return detail::add_pardo(in, name, "FlatMap", detail::FlatMapRangeFn<F, T, O>{{}, f});
    } else if constexpr (!detail::callable<F, T&&, Emitter<Out>&>) {
      static_assert(detail::callable<F, T&&, Emitter<Out>&>,
                    "rill::FlatMap<Out>: the function must take (element, rill::Emitter<Out>&)");
      return detail::wiring_error(in);
    } else {
      return detail::add_pardo(in, name, "FlatMap", detail::FlatMapEmitFn<F, T, Out>{{}, f});
    }
  }
};

template <class Out = void, class F, class... Views>
FlatMapT<Out, F, Views...> FlatMap(std::string name, F f, Views... views) {
  return FlatMapT<Out, F, Views...>{std::move(name), std::move(f), {std::move(views)...}};
}

// Filter("Name", pred) with pred(const T&) -> bool; with views, pred(const T&, const SideInputs&);
// either may take a last rill::Metrics&. Beam Java's spellings are Filter<>::by("Name", pred),
// Filter<>::less_than("Name", v), greater_than, less_than_eq, greater_than_eq and equal.
template <class F = void, class... Views>
struct Filter {
  std::string name;
  F f;
  std::tuple<Views...> views;
  Filter(std::string n, F fn, Views... vs)
      : name(std::move(n)), f(std::move(fn)), views(std::move(vs)...) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(detail::check_side_inputs<T, Views...>());
    if constexpr (sizeof...(Views) > 0 &&
                  !detail::callable_r<bool, F, const T&, const SideInputs&>) {
      static_assert(detail::callable_r<bool, F, const T&, const SideInputs&>,
                    "rill::Filter with side inputs: the predicate must take (const T&, const "
                    "rill::SideInputs&) and return bool");
      return detail::wiring_error(in);
    } else if constexpr (sizeof...(Views) > 0) {
      return detail::add_pardo(in, name, "Filter", detail::FilterSideFn<F, T>{{}, f}, views);
    } else if constexpr (!detail::callable_r<bool, F, const T&>) {
      static_assert(detail::callable_r<bool, F, const T&>,
                    "rill::Filter: the predicate must take the element (const T&) and return bool");
      return detail::wiring_error(in);
    } else {
      return detail::add_in_place_step(
          in, name, "Filter", [f = f](Batch<T>& b, Metrics& m) mutable {
            std::erase_if(
                b, [&](const WindowedValue<T>& e) { return !detail::call_user(f, m, e.value); });
          });
    }
  }
};

template <>
struct Filter<void> {
  template <class F>
  static Filter<F> by(std::string name, F pred) {
    return Filter<F>(std::move(name), std::move(pred));
  }
  template <class V>
  static auto less_than(std::string name, V v) {
    return by(std::move(name),
              [v = std::move(v)](const auto& x) -> decltype(x < v) { return x < v; });
  }
  template <class V>
  static auto greater_than(std::string name, V v) {
    return by(std::move(name),
              [v = std::move(v)](const auto& x) -> decltype(v < x) { return v < x; });
  }
  template <class V>
  static auto less_than_eq(std::string name, V v) {
    return by(std::move(name),
              [v = std::move(v)](const auto& x) -> decltype(!(v < x)) { return !(v < x); });
  }
  template <class V>
  static auto greater_than_eq(std::string name, V v) {
    return by(std::move(name),
              [v = std::move(v)](const auto& x) -> decltype(!(x < v)) { return !(x < v); });
  }
  template <class V>
  static auto equal(std::string name, V v) {
    return by(std::move(name),
              [v = std::move(v)](const auto& x) -> decltype(x == v) { return x == v; });
  }
};

// Sets each element's event timestamp from its value: f(const T&) -> Timestamp (ms).
template <class F>
struct WithTimestamps {
  std::string name;
  F f;
  WithTimestamps(std::string n, F fn) : name(std::move(n)), f(std::move(fn)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_r_v<Timestamp, F&, const T&>,
                  "rill::WithTimestamps: the function must take the element (const T&) and "
                  "return its event time in milliseconds (rill::Timestamp)");
    return detail::add_in_place_step(in, name, "WithTimestamps",
                                     [f = f](Batch<T>& b, Metrics&) mutable {
                                       for (auto& e : b) e.timestamp = f(std::as_const(e.value));
                                     });
  }
};

}  // namespace rill
