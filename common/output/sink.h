// Where records and reports go: text for people, JSON for programs.  Every
// JSON line is one object with a "type" (docs/json.md lists them):
//
//   event      one traced event (a record's columns)        Record::type()
//   histogram  one interval's histograms                    HistogramReport
//   table      one interval's table rows                    TableReport
//   stack      one distinct stack (or set of stacks), its count  StackReport
//   lost       events the kernel could not queue: {"type":"lost","events":N}
//   warning    something the user should know: {"type":"warning","message":"..."}
//
//   cs::sink().header(rec);          // text: the column line; JSON: nothing
//   cs::sink().event(rec, row);
//   cs::sink().histograms(report);
//   cs::sink().stacks(report);       // text: text_before, then the rows
#pragma once
#include <cstdint>
#include <memory>
#include <string_view>

#include "common/output/output.h"
#include "common/output/record.h"
#include "common/output/report.h"

namespace cs {

class Sink {
 public:
  explicit Sink(Output& out) : out_(out) {}
  virtual ~Sink() = default;
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  virtual bool json() const = 0;
  virtual void header(const Record& r) = 0;
  virtual void event(const Record& r, const Row& row) = 0;
  virtual void histograms(const HistogramReport& h) = 0;
  virtual void table(const TableReport& t) = 0;
  // Stack counts: one JSON line per row.
  virtual void stacks(const StackReport& s) = 0;
  // Notices: on stderr as "<tool>: ..." in every mode (warn(), lost_events()
  // in output/notice.h); the JSON sink also writes them as typed lines.
  virtual void lost(uint64_t events) = 0;
  virtual void warning(std::string_view message) = 0;

 protected:
  Output& out_;
};

std::unique_ptr<Sink> make_text_sink(Output& out);
std::unique_ptr<Sink> make_json_sink(Output& out);

// The process-wide sink on cs::out(): text until use_json_sink() (the
// runtime calls it for --json).
Sink& sink();
void use_json_sink();

}  // namespace cs
