// A coded error from the pattern compiler, turned into a JS KnhkError at the N-API boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace knhk {

class PatternError : public std::runtime_error {
 public:
  PatternError(const char* code, const std::string& message) : std::runtime_error(message), code_(code) {}
  const char* code() const { return code_; }

 private:
  const char* code_;
};

}  // namespace knhk
