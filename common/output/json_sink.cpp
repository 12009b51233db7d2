// The JSON sink: one typed object per line (docs/json.md).
#include "common/output/json.h"
#include "common/output/sink.h"

namespace cs {

namespace {

void write_labels(JsonWriter& w, const std::vector<Label>& labels) {
  for (const Label& l : labels) {
    w.key(l.key);
    write_json_value(w, l.value);
  }
}

class JsonSink : public Sink {
 public:
  using Sink::Sink;
  bool json() const override { return true; }

  void header(const Record&) override {}

  void event(const Record& r, const Row& row) override {
    JsonWriter w = line(r.type());
    write_json_members(w, r, row);
    finish(w);
  }

  void histograms(const HistogramReport& h) override {
    JsonWriter w = line("histogram");
    w.member("time", std::string_view(h.time));
    write_labels(w, h.labels);
    w.member("unit", h.unit);
    w.begin_array(h.hists_key);
    for (const Histogram& hist : h.hists) {
      w.begin_object();
      write_labels(w, hist.labels);
      write_buckets_json(w, hist);
      w.end();
    }
    w.end();
    finish(w);
  }

  void table(const TableReport& t) override {
    JsonWriter w = line("table");
    w.member("time", std::string_view(t.time));
    write_labels(w, t.labels);
    w.begin_array(t.rows_key);
    for (const Row& row : t.rows) {
      w.begin_object();
      write_json_members(w, *t.record, row);
      w.end();
    }
    w.end();
    write_labels(w, t.totals);
    finish(w);
  }

  void stacks(const StackReport& s) override {
    for (const StackRow& row : s.rows) {
      JsonWriter w = line("stack");
      write_labels(w, row.labels);
      w.member(s.unit, row.count);
      for (size_t i = 0; i < s.stack_keys.size(); i++) {
        w.begin_array(s.stack_keys[i]);
        if (i < row.stacks.size() && row.stacks[i].shown)
          for (const std::string& f : row.stacks[i].frames) w.value(std::string_view(f));
        w.end();
      }
      finish(w);
    }
  }

  void lost(uint64_t events) override {
    JsonWriter w = line("lost");
    w.member("events", events);
    finish(w);
  }

  void warning(std::string_view message) override {
    JsonWriter w = line("warning");
    w.member("message", message);
    finish(w);
  }

 private:
  JsonWriter line(std::string_view type) {
    JsonWriter w(out_.buffer());
    w.begin_object().member("type", type);
    return w;
  }
  void finish(JsonWriter& w) {
    w.end();
    out_.buffer().push_back('\n');
    out_.maybe_flush();
  }
};

}  // namespace

std::unique_ptr<Sink> make_json_sink(Output& out) { return std::make_unique<JsonSink>(out); }


}  // namespace cs
