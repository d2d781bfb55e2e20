// Defer runs a callable when it goes out of scope (unless cancelled).
#ifndef STEPGUARD_BASE_DEFER_H_
#define STEPGUARD_BASE_DEFER_H_

#include <utility>

namespace sg {

template <typename F>
class Defer {
 public:
  explicit Defer(F f) : f_(std::move(f)) {}
  Defer(const Defer&) = delete;
  Defer& operator=(const Defer&) = delete;
  ~Defer() {
    if (armed_) f_();
  }
  void Cancel() { armed_ = false; }

 private:
  F f_;
  bool armed_ = true;
};

}  // namespace sg

#endif  // STEPGUARD_BASE_DEFER_H_
