#pragma once
// SpillBuffer<T>: a FIFO of elements with a fixed memory budget. Past `memory_limit`
// elements, batches are encoded with the coder (Cereal) into an anonymous temporary file,
// so waiting data (a main input waiting for its side inputs) never grows memory without
// bound. Lifetime: the file is created on the first spill and vanishes when the buffer
// (or the process) goes away.
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "graph/coder.hpp"
#include "graph/windowed_value.hpp"

namespace rill {

template <class T>
class SpillBuffer {
 public:
  explicit SpillBuffer(size_t memory_limit) : limit_(memory_limit) {}

  void push(WindowedValue<T>&& e) {
    memory_.push_back(std::move(e));
    if (memory_.size() >= limit_) spill();
  }
  size_t size() const { return memory_.size() + spilled_; }
  bool empty() const { return size() == 0; }
  size_t spilled() const { return spilled_; }

  // Checkpoints: every element, FIFO, left in place (the spilled ones are read back).
  template <class A>
  void save(A& ar) {
    Batch<T> all;
    all.reserve(size());
    if (file_) {
      read_spilled([&](WindowedValue<T>&& e) { all.push_back(std::move(e)); });
      std::fseek(file_.get(), 0, SEEK_END);  // later pushes append
    }
    all.insert(all.end(), memory_.begin(), memory_.end());
    ar(all);
  }
  // Replaces the contents with what save() wrote.
  template <class A>
  void load(A& ar) {
    Batch<T> all;
    ar(all);
    file_.reset();
    spilled_ = 0;
    memory_.clear();
    for (auto& e : all) push(std::move(e));
  }

  // Hands every element to `f` (FIFO) and empties the buffer.
  template <class F>
  void drain(F&& f) {
    if (file_) {
      read_spilled(f);
      file_.reset();
      spilled_ = 0;
    }
    auto mem = std::move(memory_);
    memory_.clear();
    for (auto& e : mem) f(std::move(e));
  }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  void spill() {
    if (!file_) {
      file_.reset(std::tmpfile());
      if (!file_) throw std::runtime_error("cannot create a temporary file to spill to");
      std::fseek(file_.get(), 0, SEEK_END);
    }
    const std::string bytes = encode(memory_);
    const uint64_t n = bytes.size();
    if (std::fwrite(&n, sizeof n, 1, file_.get()) != 1 ||
        std::fwrite(bytes.data(), 1, n, file_.get()) != n)
      throw std::runtime_error("cannot write spilled elements to a temporary file");
    spilled_ += memory_.size();
    memory_.clear();
  }
  void read(void* p, size_t n) {
    if (std::fread(p, 1, n, file_.get()) != n)
      throw std::runtime_error("cannot read spilled elements back");
  }
  // Hands every spilled element to `f`, oldest first, reading the file from its start.
  template <class F>
  void read_spilled(F&& f) {
    std::rewind(file_.get());
    for (size_t done = 0; done < spilled_;) {
      uint64_t n = 0;
      read(&n, sizeof n);
      std::string bytes(n, '\0');
      read(bytes.data(), n);
      auto batch = decode<Batch<T>>(bytes);
      done += batch.size();
      for (auto& e : batch) f(std::move(e));
    }
  }

  size_t limit_;
  Batch<T> memory_;
  std::unique_ptr<std::FILE, Closer> file_;
  size_t spilled_ = 0;
};

}  // namespace rill
