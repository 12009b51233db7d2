// Comma-separated lists given on the command line: `-f A -f B,C`.
//
// Split here, not by CLI11's delimiter: it drops the empty item of "a,,b",
// and an empty filter item is a mistake to report, not to ignore.
#pragma once
#include <string>
#include <vector>

namespace cs {

// Empty when every comma-separated item of `text` is non-empty; otherwise
// why not: "empty value", "empty item in the list 'a,,b'".
std::string check_list_text(const std::string& text);
// The items between commas, in order: "a,b" -> {"a", "b"}, "a" -> {"a"}.
// Joined back with commas they give `text` again.
std::vector<std::string> split_list(const std::string& text);

}  // namespace cs
