/* The -p / -t lists: the kinds of key in cs_id_set ((kind << 32) | id) and
 * the bits of cs_filter_id_set, shared by corescope.bpf.h and the frontend
 * that fills the map (common/runtime/bpf_object.cpp). */
#pragma once

#define CS_ID_TGID 1
#define CS_ID_TID 2
