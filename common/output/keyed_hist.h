// Keyed histograms are HistogramReports now (output/report.h): a Histogram
// per key, its header line in text_before, its key in labels.  This header
// stays only because summaries/stack_counts.h and hardirqs, softirqs,
// klockstat and llcstat still include it and may lean on these includes; it
// goes once they include what they use.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/output/json.h"
