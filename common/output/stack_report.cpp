// Text of stack counts: bcc's folded and multi-line layouts (report.h).
#include <cinttypes>
#include <cstdio>

#include "common/output/escape.h"
#include "common/output/report.h"

namespace cs {

namespace {

// A template: its text as it is, each {key} as the label's value.
void append_template(std::string& dst, std::string_view tpl, const std::vector<Label>& labels) {
  static const Column kPlain;
  while (!tpl.empty()) {
    size_t open = tpl.find('{'), close = tpl.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) break;
    dst += tpl.substr(0, open);
    std::string_view key = tpl.substr(open + 1, close - open - 1);
    for (const Label& l : labels)
      if (l.key == key) {
        append_cell(dst, kPlain, l.value);
        break;
      }
    tpl.remove_prefix(close + 1);
  }
  dst += tpl;
}

// Whether the separator at chain[i] shows: always, or (between_shown) when
// the stacks either side of it do.
bool separator_shown(const StackReport& r, const StackRow& row, size_t i) {
  if (!r.chain[i].between_shown) return true;
  auto shown = [&](size_t j) {
    int s = r.chain[j].stack;
    return s >= 0 && static_cast<size_t>(s) < row.stacks.size() && row.stacks[s].shown;
  };
  return i > 0 && i + 1 < r.chain.size() && shown(i - 1) && shown(i + 1);
}

const StackFrames* stack_of(const StackLink& l, const StackRow& row) {
  if (l.stack < 0 || static_cast<size_t>(l.stack) >= row.stacks.size()) return nullptr;
  const StackFrames& s = row.stacks[l.stack];
  return s.shown ? &s : nullptr;
}

void append_folded(std::string& dst, const StackReport& r, const StackRow& row) {
  append_template(dst, r.folded_before, row.labels);
  auto frame = [&](std::string_view f) {
    dst += ';';
    append_text_escaped(dst, f);
  };
  for (size_t i = 0; i < r.chain.size(); i++) {
    const StackLink& l = r.chain[i];
    if (l.stack < 0) {
      if (separator_shown(r, row, i)) frame(l.folded);
    } else if (const StackFrames* s = stack_of(l, row)) {
      size_t n = s->frames.size();
      for (size_t k = 0; k < n; k++) frame(s->frames[l.callers_first ? n - 1 - k : k]);
    }
  }
  append_template(dst, r.folded_after, row.labels);
  dst += ' ';
  dst += std::to_string(row.count);
  dst += '\n';
}

void append_lines(std::string& dst, const StackReport& r, const StackRow& row) {
  append_template(dst, r.head, row.labels);
  for (size_t i = r.chain.size(); i-- > 0;) {
    const StackLink& l = r.chain[i];
    if (l.stack < 0) {
      if (separator_shown(r, row, i)) {
        dst += l.line;
        dst += '\n';
      }
      continue;
    }
    const StackFrames* s = stack_of(l, row);
    if (!s) continue;
    // Upside down from the chain: a stack it reads callers first prints
    // innermost first.
    size_t n = s->frames.size();
    for (size_t k = 0; k < n; k++) {
      size_t f = l.callers_first ? k : n - 1 - k;
      dst += r.indent;
      if (r.with_addresses && f < s->ips.size()) {
        char addr[24];
        std::snprintf(addr, sizeof addr, "%-16" PRIx64 " ", s->ips[f]);
        dst += addr;
      }
      append_text_escaped(dst, s->frames[f]);
      dst += '\n';
    }
  }
  append_template(dst, r.tail, row.labels);
  dst += r.count_indent;
  dst += std::to_string(row.count);
  dst += "\n\n";
}

}  // namespace

void append_stack_row_text(std::string& dst, const StackReport& r, const StackRow& row) {
  if (r.folded) append_folded(dst, r, row);
  else append_lines(dst, r, row);
}

}  // namespace cs
