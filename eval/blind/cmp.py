import json, os, re, subprocess, sys
from collections import Counter
root = sys.argv[1]
exp = Counter()
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(d, f); rel = os.path.relpath(p, root)
        for i, line in enumerate(open(p), 1):
            m = re.search(r'//~(\^*)\s+(.*)$', line)
            if m:
                for r in m.group(2).split():
                    exp[(rel, i - len(m.group(1)), r)] += 1
out = subprocess.run([os.environ.get('BIN','target/release/cargo-datamin'), 'check', root, '--format', 'json'], capture_output=True, text=True)
doc = json.loads(out.stdout)
got = Counter(); msgs = {}
for f in doc['findings']:
    k = (f['file'], f['line'], f['rule']); got[k] += 1; msgs[k] = f['message']
for k in sorted((exp - got).elements()): print('MISSING   %s:%d %s' % k)
for k in sorted((got - exp).elements()): print('UNEXPECTED %s:%d %s  (%s)' % (k + (msgs[k],)))
print('expected', sum(exp.values()), 'got', sum(got.values()), 'errors', doc.get('errors'))
