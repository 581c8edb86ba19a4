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
inited = next((i for i, l in enumerate(lines) if 'INITED' in l), None)
if inited is None:
    print("the log has no INITED line: the run stopped while loading its corpus"); sys.exit(1)
pcs = []
last_exec = 0
for l in lines[inited:]:
    m = re.match(r'#(\d+)', l)
    if m: last_exec = int(m.group(1))
    m = re.search(r'NEW_PC: (0x[0-9a-f]+)', l)
    if m: pcs.append((int(m.group(1), 16) - 0x555555554000, last_exec))
if not pcs:
    print("no new PCs after INITED"); sys.exit()
OURS = 'mdbook-jekyll (src/)'

def crate_of(file, func):
    """The crate a frame's code comes from: this crate, `std`, or a dependency's name."""
    if file.endswith(':?') or file.endswith(':0'):
        # No line information (code generic over another crate's types, compiled into the
        # calling crate, reports that crate's root file): the function's path says whose.
        owner = re.match(r'<*([A-Za-z0-9_]+)::', func)
        if owner:
            name = owner.group(1)
            return OURS if name == 'mdbook_jekyll' else 'std' if name in ('core', 'alloc', 'std') else name.replace('_', '-')
    if file.startswith(repo_src):
        return OURS
    m = re.search(r'/([A-Za-z0-9_-]+)-\d+\.\d+[^/]*/src/', file)
    # Crate names with `-` throughout: the source folder may spell them either way.
    return m.group(1).replace('_', '-') if m else ('std' if '/rustc/' in file or '/library/' in file else file[:60])

# addr2line -i prints one frame per inlined call, innermost first: a code point belongs to
# the crate of its innermost frame (serde_json's escaping inlined into one of this crate's
# functions counts as serde_json); for the standard library's, the first caller outside it
# is named too.
# One addr2line for all code points (`-a` prints each address before its frames): one
# process per point took an hour for a few thousand points.
out = subprocess.run(['addr2line', '-e', binary, '-a', '-f', '-i', '-C'],
                     input='\n'.join(hex(pc) for pc, _ in pcs) + '\n',
                     capture_output=True, text=True).stdout.splitlines()
located = []
for line in out:
    if re.fullmatch(r'0x[0-9a-f]+', line):
        located.append([])
    elif located:
        located[-1].append(line)
assert len(located) == len(pcs), (len(located), len(pcs))
by = collections.Counter(); ours = []
for (pc, ex), o in zip(pcs, located):
    frames = [crate_of(f, fn) for f, fn in zip(o[1::2], o[0::2])] or ['?']
    crate = frames[0]
    if crate == OURS:
        ours.append((ex, os.path.relpath(o[1], os.path.dirname(repo_src)) if o[1].startswith(repo_src) else 'src/?', o[0][:80]))
    elif crate == 'std':
        caller = next((c for c in frames if c != 'std'), None)
        crate = f'std, from {caller}' if caller else 'std'
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
