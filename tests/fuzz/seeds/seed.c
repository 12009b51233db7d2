// Source of the ELF seeds (make-elf-seeds.sh): one of each kind of function
// symbol the symbolizer keeps or skips, in a file small enough to mutate well.
int leaf(int x) { return x * 3; }
__attribute__((weak)) int weak_fn(int x) { return leaf(x) + 1; }
static int local_fn(int x) { return weak_fn(x) - 2; }
int alias_fn(int) __attribute__((alias("leaf")));
// An untyped entry point in code, as hand-written assembly has.
__asm__(".text\n.globl asm_entry\nasm_entry:\n ret\n");
void _start(void) {
  local_fn(1);
  for (;;) {
  }
}
