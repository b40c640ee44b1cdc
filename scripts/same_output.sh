#!/bin/sh
# Is the output of a change byte for byte the same?  For speed work, which must not change what
# annotator says.  `check --format jsonl` (quotations, attributions, speakers, findings) over every
# article of ../shared/corpus/bbc and every tenth of ../shared/corpus/nepali:
#
#   scripts/same_output.sh save  DIR    # before the change: write the reference into DIR
#   scripts/same_output.sh check DIR    # after it: compare with the reference (exit 1 on a difference)
#
# DIR must lie outside the repository: the output quotes the corpus, which stays out of the project.
set -eu
cd "$(dirname "$0")/.."
mode=${1:?save or check}; dir=${2:?a folder outside the repository}
shared=../shared/corpus
[ -d "$shared/bbc" ] || { echo "same_output: $shared/bbc is absent" >&2; exit 2; }
mkdir -p "$dir"
run() {  # $1: out file, rest: files
  out=$1; shift
  PYTHONPATH=$PWD python3 -P -m annotator check --jobs 2 --fail-on never --format jsonl -- "$@" >"$out" 2>/dev/null || true
}
bbc=$(find "$shared/bbc" -name '*.txt' | sort)
nep=$(find "$shared/nepali" -name '*.txt' 2>/dev/null | sort | awk 'NR % 10 == 0')
suffix=$([ "$mode" = save ] && echo ref || echo new)
# shellcheck disable=SC2086
run "$dir/bbc.$suffix.jsonl" $bbc
# shellcheck disable=SC2086
[ -z "$nep" ] || run "$dir/nepali.$suffix.jsonl" $nep
if [ "$mode" = save ]; then
  [ -s "$dir/bbc.ref.jsonl" ] || { echo "same_output: annotator wrote nothing (see: annotator check on one article)" >&2; exit 2; }
  echo "reference written to $dir"; exit 0
fi
status=0
for k in bbc nepali; do
  [ -f "$dir/$k.ref.jsonl" ] || continue
  if cmp -s "$dir/$k.ref.jsonl" "$dir/$k.new.jsonl"; then
    echo "$k: same"
  else
    echo "$k: DIFFERENT ($(diff "$dir/$k.ref.jsonl" "$dir/$k.new.jsonl" | grep -c '^<') lines)"; status=1
  fi
done
exit $status
