#pragma once
// TestStream: a scripted source for tests of event-time behaviour. Elements carry explicit
// timestamps; watermark advances are delivered in order with them, so a test can put data
// before, on and behind the watermark (late data). A pipeline with a TestStream runs at
// parallelism 1, so every step sees the script's watermark advances in order.
//   auto events = p | rill::io::TestStream<int>("Events")
//                       .add_elements({{1, 1000}, {2, 2000}})   // {value, timestamp ms}
//                       .advance_watermark_to(60'000)
//                       .add_elements({{3, 500}})               // late now
//                       .advance_processing_time(50)            // really waits 50 ms
//                       .advance_watermark_to_infinity();
#include <chrono>
#include <memory>
#include <thread>
#include <variant>
#include <vector>

#include "graph/timestamped_value.hpp"
#include "graph/transforms/create.hpp"

namespace rill::io {

using rill::TimestampedValue;

template <class T>
class TestStream {
 public:
  explicit TestStream(std::string name) : name_(std::move(name)) {}

  TestStream& add_elements(std::vector<TimestampedValue<T>> elements) {
    events_->push_back(std::move(elements));
    return *this;
  }
  TestStream& advance_watermark_to(Timestamp wm) {
    events_->push_back(WatermarkTo{wm});
    return *this;
  }
  TestStream& advance_watermark_to_infinity() { return advance_watermark_to(kMaxTimestamp); }
  TestStream& advance_processing_time(Duration ms) {
    events_->push_back(ProcessingTimeBy{ms});
    return *this;
  }

  PCollection<T> expand_root(const std::shared_ptr<GraphDef>& g) {
    return rill::detail::add_source<T>(g, name_, "TestStream", std::make_shared<Source>(events_));
  }

 private:
  struct WatermarkTo {
    Timestamp wm;
  };
  struct ProcessingTimeBy {
    Duration ms;
  };
  using Event = std::variant<std::vector<TimestampedValue<T>>, WatermarkTo, ProcessingTimeBy>;
  using Events = std::vector<Event>;

  class Reader final : public SourceReader<T> {
   public:
    explicit Reader(std::shared_ptr<const Events> events) : events_(std::move(events)) {}
    Timestamp watermark() const override { return this->exhausted() ? kMaxTimestamp : wm_; }
    bool has_position() const override { return true; }
    void save_position(cereal::BinaryOutputArchive& ar) const override {
      ar(static_cast<uint64_t>(next_), static_cast<uint64_t>(offset_), wm_);
    }
    void load_position(cereal::BinaryInputArchive& ar) override {
      uint64_t next = 0, offset = 0;
      ar(next, offset, wm_);
      next_ = static_cast<size_t>(next);
      offset_ = static_cast<size_t>(offset);
    }

   protected:
    // One event per call, so the runtime forwards each watermark right behind its data.
    bool read(Batch<T>& out, size_t max) override {
      if (next_ >= events_->size()) return false;
      const Event& ev = (*events_)[next_];
      if (auto* els = std::get_if<0>(&ev)) {
        for (; offset_ < els->size() && out.size() < max; ++offset_)
          out.push_back(WindowedValue<T>{(*els)[offset_].value, (*els)[offset_].timestamp});
        if (offset_ == els->size()) {
          offset_ = 0;
          ++next_;
        }
      } else if (auto* w = std::get_if<1>(&ev)) {
        wm_ = std::max(wm_, w->wm);
        ++next_;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::get<2>(ev).ms));
        ++next_;
      }
      return true;
    }

   private:
    std::shared_ptr<const Events> events_;
    size_t next_ = 0, offset_ = 0;
    Timestamp wm_ = kMinTimestamp;
  };

  class Source final : public SourceDef {
   public:
    explicit Source(std::shared_ptr<const Events> events) : events_(std::move(events)) {}
    bool needs_serial_execution() const override { return true; }
    bool checkpointable() const override { return true; }
    std::string describe() const override {
      return "a script of " + std::to_string(events_->size()) + " step(s)";
    }
    std::vector<std::unique_ptr<SourceReaderBase>> split(int, const OpContext&) const override {
      std::vector<std::unique_ptr<SourceReaderBase>> one;
      one.push_back(std::make_unique<Reader>(events_));
      return one;
    }

   private:
    std::shared_ptr<const Events> events_;
  };

  std::string name_;
  std::shared_ptr<Events> events_ = std::make_shared<Events>();
};

}  // namespace rill::io
