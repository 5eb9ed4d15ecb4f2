#include "conformance/strategy_builder.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace rill::conformance {

namespace {

constexpr int64_t kMaxIntegerArgument = kMaxTimestamp - kMinTimestamp;

// Binds a call's positional and keyword arguments to named parameters (Python-style).
class Args {
 public:
  Args(const Expr& call, std::vector<std::string_view> params) : call_(call), params_(params) {
    bound_.assign(params.size(), nullptr);
    if (call.args.size() > params.size())
      fail("takes at most " + std::to_string(params.size()) + " argument(s), got " +
           std::to_string(call.args.size()));
    for (size_t i = 0; i < call.args.size(); ++i) bound_[i] = &call.args[i];
    for (const auto& [key, value] : call.kwargs) {
      auto it = std::find(params.begin(), params.end(), key);
      if (it == params.end()) fail("unexpected keyword argument '" + key + "'");
      size_t i = static_cast<size_t>(it - params.begin());
      if (bound_[i]) fail("got multiple values for argument '" + key + "'");
      bound_[i] = &value;
    }
  }

  // The argument, or nullptr when absent or None.
  const Expr* get(std::string_view param) const {
    const Expr* e = bound_[index(param)];
    if (e && e->kind == Expr::Kind::kName && e->name == "None") return nullptr;
    return e;
  }
  int64_t integer(std::string_view param, std::optional<int64_t> fallback = std::nullopt) const {
    const Expr* e = get(param);
    if (!e) {
      if (fallback) return *fallback;
      fail("missing required argument '" + std::string(param) + "'");
    }
    if (e->kind != Expr::Kind::kInt)
      fail("argument '" + std::string(param) + "' must be an integer, got " + e->to_string());
    // Sizes, offsets, gaps, delays and counts stay within the span of Beam's timestamps, as
    // rill's windowing arithmetic assumes (WindowingStrategy bounds allowed lateness alike).
    if (e->integer < -kMaxIntegerArgument || e->integer > kMaxIntegerArgument)
      fail("argument '" + std::string(param) + "' is out of range (at most " +
           std::to_string(kMaxIntegerArgument) + " in magnitude), got " +
           std::to_string(e->integer));
    return e->integer;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw BuildError(call_.name + "(): " + what);
  }

 private:
  size_t index(std::string_view param) const {
    return static_cast<size_t>(std::find(params_.begin(), params_.end(), param) - params_.begin());
  }
  const Expr& call_;
  std::vector<std::string_view> params_;
  std::vector<const Expr*> bound_;
};

// A name or call, viewed as a call (a bare name is called with no arguments).
const Expr& as_call(const Expr& e, const char* what) {
  if (e.kind != Expr::Kind::kName && e.kind != Expr::Kind::kCall)
    throw BuildError(std::string("expected a ") + what + ", got " + e.to_string());
  return e;
}

std::vector<Trigger> variadic_triggers(const Expr& call) {
  if (!call.kwargs.empty()) throw BuildError(call.name + "(): takes no keyword arguments");
  std::vector<Trigger> out;
  for (const Expr& a : call.args) out.push_back(build_trigger(a));
  return out;
}

// rill's constructors throw std::invalid_argument with a message that names the function.
template <class F>
auto rethrow_as_build_error(F&& f) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw BuildError(e.what());
  }
}

}  // namespace

WindowFn build_window_fn(const Expr& expr) {
  const Expr& e = as_call(expr, "window function");
  const std::string& n = e.name;
  return rethrow_as_build_error([&]() -> WindowFn {
    if (n == "GlobalWindows") {
      Args a(e, {});
      return GlobalWindows{};
    }
    if (n == "FixedWindows") {
      Args a(e, {"size", "offset"});
      return FixedWindows(a.integer("size"), a.integer("offset", 0));
    }
    if (n == "SlidingWindows") {
      Args a(e, {"size", "period", "offset"});
      const int64_t size = a.integer("size");
      const int64_t period = a.integer("period");
      // Each element is in ceil(size / period) windows, listed one by one.
      if (period > 0 && size > 0 && (size - 1) / period + 1 > kMaxSlidingWindowsPerElement)
        a.fail("size / period gives " + std::to_string((size - 1) / period + 1) +
               " windows per element, more than " + std::to_string(kMaxSlidingWindowsPerElement));
      return SlidingWindows(size, period, a.integer("offset", 0));
    }
    if (n == "Sessions") {
      Args a(e, {"gap"});
      return Sessions(a.integer("gap"));
    }
    if (n == "CustomTimestampingFixedWindowsWindowFn") {
      // Beam's test-only window fn: FixedWindows whose output time transform adds 100 units.
      Args a(e, {"size"});
      return WindowFn(FixedWindows(a.integer("size")))
          .with_output_time_transform([](const Window&, Timestamp t) { return t + 100; });
    }
    throw BuildError("Unknown function: " + n);
  });
}

Trigger build_trigger(const Expr& expr) {
  const Expr& e = as_call(expr, "trigger");
  const std::string& n = e.name;
  return rethrow_as_build_error([&]() -> Trigger {
    if (n == "Default" || n == "DefaultTrigger") {
      Args a(e, {});
      return DefaultTrigger();
    }
    if (n == "AfterWatermark") {
      Args a(e, {"early", "late"});
      AfterWatermarkFirings f;
      if (const Expr* x = a.get("early")) f.early = build_trigger(*x);
      if (const Expr* x = a.get("late")) f.late = build_trigger(*x);
      return AfterWatermark(std::move(f));
    }
    if (n == "AfterCount") {
      Args a(e, {"count"});
      return AfterCount(a.integer("count"));
    }
    if (n == "AfterProcessingTime") {
      Args a(e, {"delay"});
      return AfterProcessingTime(a.integer("delay", 0));
    }
    if (n == "Repeatedly") {
      Args a(e, {"underlying"});
      const Expr* t = a.get("underlying");
      if (!t) a.fail("missing required argument 'underlying'");
      return Repeatedly(build_trigger(*t));
    }
    if (n == "AfterAny") return AfterAny(variadic_triggers(e));
    if (n == "AfterAll") return AfterAll(variadic_triggers(e));
    if (n == "AfterEach") return AfterEach(variadic_triggers(e));
    if (n == "OrFinally") {
      std::vector<Trigger> ts = variadic_triggers(e);
      if (ts.size() != 2) throw BuildError("OrFinally(): takes exactly 2 triggers (main, until)");
      return OrFinally(std::move(ts[0]), std::move(ts[1]));
    }
    if (n == "Always") {
      Args a(e, {});
      return Always();
    }
    if (n == "Never" || n == "_Never") {
      Args a(e, {});
      return Never();
    }
    throw BuildError("Unknown function: " + n);
  });
}

WindowFn parse_window_fn(std::string_view text) {
  try {
    return build_window_fn(parse_expression(text));
  } catch (const ExpressionError& e) {
    throw BuildError(e.what());
  }
}

Trigger parse_trigger(std::string_view text) {
  try {
    return build_trigger(parse_expression(text));
  } catch (const ExpressionError& e) {
    throw BuildError(e.what());
  }
}

}  // namespace rill::conformance
