"""Where a libFuzzer run found new code: each NEW_PC after the corpus was loaded, mapped to
its source line with addr2line and counted by crate.

    RAYON_NUM_THREADS=1 setarch x86_64 -R fuzz/target/x86_64-unknown-linux-gnu/release/text \
        -print_pcs=1 corpus/text > text.log 2>&1
    python3 fuzz/new_pcs.py text.log fuzz/target/x86_64-unknown-linux-gnu/release/text

`setarch -R` keeps the executable at 0x555555554000, the base subtracted below.
"""
import os, re, subprocess, sys, collections
log, binary = sys.argv[1], sys.argv[2]
repo_src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'src')
lines = open(log, errors='replace').read().splitlines()
inited = next(i for i, l in enumerate(lines) if 'INITED' in l)
pcs = []
last_exec = 0
for l in lines[inited:]:
    m = re.match(r'#(\d+)', l)
    if m: last_exec = int(m.group(1))
    m = re.search(r'NEW_PC: (0x[0-9a-f]+)', l)
    if m: pcs.append((int(m.group(1), 16) - 0x555555554000, last_exec))
if not pcs:
    print("no new PCs after INITED"); sys.exit()
# addr2line -i prints a variable number of frames (inlined calls): one call per address.
by = collections.Counter(); ours = []
for pc, ex in pcs:
    o = subprocess.run(['addr2line', '-e', binary, '-f', '-i', '-C', hex(pc)], capture_output=True, text=True).stdout.splitlines()
    files = o[1::2]; funcs = o[0::2]
    mine = [f for f in files if f.startswith(repo_src)]
    if mine:
        by['mdbook-jekyll (src/)'] += 1; ours.append((ex, os.path.relpath(mine[0], os.path.dirname(repo_src)), funcs[files.index(mine[0])][:80]))
        continue
    f = files[-1] if files else '?'
    m = re.search(r'/([A-Za-z0-9_-]+)-\d+\.\d+[^/]*/src/', f)
    crate = m.group(1) if m else ('std' if '/rustc/' in f or '/library/' in f else f[:60])
    by[crate] += 1
print(f"{len(pcs)} new PCs after the corpus was loaded (run ended near exec {last_exec})")
# How the finds spread over the run: per tenth of its executions, all crates and this one.
first_exec = next((int(m.group(1)) for l in lines[inited:] for m in [re.match(r'#(\d+)', l)] if m), 0)
span = max(last_exec - first_exec, 1)
tenth = lambda ex: min(9, (ex - first_exec) * 10 // span)
all_t = collections.Counter(tenth(ex) for _, ex in pcs)
ours_t = collections.Counter(tenth(ex) for ex, _, _ in ours)
print("  per tenth of the run (all / this crate): " + "  ".join(f"{all_t[i]}/{ours_t[i]}" for i in range(10)))
for c, n in by.most_common(): print(f"  {n:4d}  {c}")
for ex, where, fn in ours: print(f"  ours at exec {ex}: {where} {fn}")
