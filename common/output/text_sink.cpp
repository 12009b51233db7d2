// The text sink: bcc's and libbpf-tools' layouts.
#include "common/output/sink.h"

namespace cs {

namespace {

class TextSink : public Sink {
 public:
  using Sink::Sink;
  bool json() const override { return false; }

  void header(const Record& r) override { append_text_header(out_.buffer(), r); }

  void event(const Record& r, const Row& row) override {
    append_text_row(out_.buffer(), r, row);
    out_.maybe_flush();
  }

  void histograms(const HistogramReport& h) override {
    std::string& dst = out_.buffer();
    dst += h.text_before;
    for (const Histogram& hist : h.hists) {
      dst += hist.text_before;
      append_histogram_text(dst, hist, hist.text_unit.empty() ? h.unit : hist.text_unit);
      dst += hist.text_after;
    }
    dst += h.text_after;
    out_.maybe_flush();
  }

  void table(const TableReport& t) override {
    out_.buffer() += t.text_before;
    table_body(t);
    out_.buffer() += t.text_after;
  }

  void stacks(const StackReport& s) override {
    out_.buffer() += s.text_before;
    for (const StackRow& row : s.rows) {
      append_stack_row_text(out_.buffer(), s, row);
      out_.maybe_flush();
    }
  }

  // Notices go to stderr only (output/notice.h); stdout stays the tool's layout.
  void lost(uint64_t) override {}
  void warning(std::string_view) override {}

 private:
  void table_body(const TableReport& t) {
    auto header = [&] {
      out_.buffer() += t.before_header;
      append_text_header(out_.buffer(), *t.record);
    };
    if (t.header && (t.rows.empty() ? t.header_if_empty : !t.header_each_row)) header();
    for (const Row& row : t.rows) {
      if (t.header && t.header_each_row) header();
      append_text_row(out_.buffer(), *t.record, row);
      out_.maybe_flush();
    }
    for (const TableReport& more : t.text_tables) table(more);
  }
};

}  // namespace

std::unique_ptr<Sink> make_text_sink(Output& out) { return std::make_unique<TextSink>(out); }

}  // namespace cs
