// Rows that print alike become one row with their counts summed: stack ids
// whose addresses differ but whose frames read the same (two addresses in
// one function; one folded stack in two processes).  identity(row) is what
// the row prints but its count.  Heaviest first, ties in their first order.
// count: &Row::count, or a generic callable returning the row's count by
// reference ([](auto& r) -> auto& { return r.x.count; }).
//
//   cs::merge_alike(rows, [&](const Row& r) { return cs::stack_identity(r.rec, !c.folded); },
//                   &Row::usecs);
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/symbols/stacks.h"

namespace cs {

template <class Row, class Identity, class Count>
void merge_alike(std::vector<Row>& rows, Identity identity, Count count) {
  std::unordered_map<std::string, size_t> first;
  std::vector<Row> merged;
  merged.reserve(rows.size());
  for (Row& r : rows) {
    auto [it, fresh] = first.try_emplace(identity(r), merged.size());
    if (fresh) merged.push_back(std::move(r));
    else std::invoke(count, merged[it->second]) += std::invoke(count, r);
  }
  std::stable_sort(merged.begin(), merged.end(), [&](const Row& a, const Row& b) {
    return std::invoke(count, a) > std::invoke(count, b);
  });
  rows = std::move(merged);
}

// Appends a part's frames to an identity for merge_alike.
void append_identity(std::string& id, const StackPart& p);
// A StackRecord's identity: comm, frames and (with_pid) the pid.
std::string stack_identity(const StackRecord& r, bool with_pid);

}  // namespace cs
