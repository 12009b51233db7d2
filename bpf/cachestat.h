/* cachestat: the counters are page_cache.h's kinds. */
#pragma once
#include "include/page_cache.h"
