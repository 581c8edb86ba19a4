#!/usr/bin/env bash
# Seeds the fuzzing corpora (fuzz/corpus/<target>/, not committed) from the real site in
# ../shared/corpora/ and the book generator.
set -euo pipefail
cd "$(dirname "$0")"
corpus=../../shared/corpora/wafr
mkdir -p corpus/front_matter corpus/text corpus/protocol corpus/navigation corpus/shortcodes corpus/protocol_reader
i=0
while IFS= read -r -d '' page; do
    i=$((i + 1))
    cp "$page" "corpus/front_matter/wafr-$i"
    # The text target adds its own front matter: give it the body.
    awk 'BEGIN{n=0} /^---/ && n<2 {n++; next} n>=2 {print}' "$page" > "corpus/text/wafr-$i"
    truncate -s '<20000' "corpus/text/wafr-$i"
done < <(find "$corpus" -name '*.md' -print0 | sort -z | head -z -n 60)
cp ../../shared/seeds/SEC02.md corpus/text/seed-sec02
cp corpus/text/wafr-1 corpus/text/wafr-2 corpus/text/seed-sec02 corpus/shortcodes/
printf '%s\n\n%s\n' '{% include loops.html a=1 b=5 n=3 o=1 c=2 stop=3 items=page.list %}' \
    '{% include loops.html a=-9 b=99999999999 stop=7 %}' > corpus/text/liquid-loops
cat > corpus/shortcodes/all-forms <<'EOT'
# Practices

{{#best-practices}}
{{#best-practices of="A"}}
{{#best-practices of="a.md"}}
{{#service-card "AWS IAM"}}
{{#service-card name="Amazon S3" description="Stores \"things\" \\ safely."}}
{{#service-card name="X"}}
Markdown *body* with a [link](b1.md).
{{/service-card}}
{{#service-cards}}
{{#page-header title="T <b>"}}
`{{#best-practices}}` and \{{#best-practices}} stay.

```
{{#service-cards}}
```

    {{#best-practices}}
EOT
dir=$(mktemp -d)
(cd .. && cargo run --quiet --release --example generate -- 30 "$dir" > /dev/null)
cp "$dir/input-0.5.json" corpus/protocol/generated-05.json
cp "$dir/input-0.4.json" corpus/protocol/generated-04.json
(cd .. && cargo run --quiet --release --example generate -- 5 "$dir/small" > /dev/null)
cp "$dir/small/input-0.5.json" corpus/protocol_reader/generated-05.json
cp "$dir/small/input-0.4.json" corpus/protocol_reader/generated-04.json
rm -rf "$dir"
head -c 256 /dev/urandom > corpus/navigation/random-1
echo "seeded: $(ls corpus/front_matter | wc -l) front_matter, $(ls corpus/text | wc -l) text, $(ls corpus/shortcodes | wc -l) shortcodes, $(ls corpus/protocol | wc -l) protocol, $(ls corpus/protocol_reader | wc -l) protocol_reader"
