/* vfscount: calls by the address a kprobe saw (a VFS function's entry). */
#pragma once
