// bcc spells some long options with underscores (--extended_fields,
// --flag_filter, --sample_period); libbpf-tools and we use dashes.  Both
// spellings are accepted everywhere, without listing both in --help: an
// argument whose underscored name is not an option itself is read as the
// dashed one.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace cs {

// Rewrites "--a_b" and "--a_b=V" to "--a-b..." when `is_option("--a-b")`
// and not `is_option("--a_b")`; stops at "--".  Values are never touched:
// an option's value that looks like "--x_y" follows its option, so the
// caller passes which arguments are values via `takes_value`.
std::vector<std::string> dashed_long_options(
    const std::vector<std::string>& args,
    const std::function<bool(const std::string& name)>& is_option,
    const std::function<bool(const std::string& name)>& takes_value);

}  // namespace cs
