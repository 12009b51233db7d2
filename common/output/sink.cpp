#include "common/output/sink.h"

namespace cs {

namespace {
std::unique_ptr<Sink>& current() {
  static std::unique_ptr<Sink> s = make_text_sink(out());
  return s;
}
}  // namespace

Sink& sink() { return *current(); }
void use_json_sink() { current() = make_json_sink(out()); }

}  // namespace cs
