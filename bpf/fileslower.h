/* fileslower: the record is the file I/O kit's (include/file_io.h). */
#pragma once
#include "include/file_io.h"
