#!/usr/bin/env bash
# Under `set -o pipefail` a pipeline into `grep -q` is a race: grep leaves
# at its first match, and a writer still writing dies of SIGPIPE, which
# makes the whole pipeline false although the line was there. (make deps
# once lost a library so on a busy host: `apt-cache show | grep -q`.) In a
# script that sets pipefail, a pipe into grep discards its output instead
# (`| grep PATTERN >/dev/null` reads to the end). This check is first tried
# on planted violations, then on every shell script in the repository.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

failed=0
pass() { echo "PASS lint/$1"; }
fail() { echo "FAIL lint/$1: $2"; failed=1; }

# FILE:LINE of each pipe into a quiet grep, in the files that set pipefail.
violations() {
    local f
    for f in "$@"; do
        grep -qE '^[[:space:]]*set[[:space:]].*pipefail' "$f" || continue
        grep -nE '(^|[^|])\|[[:space:]]*grep[[:space:]]+(-[[:alpha:]]*q|--quiet|--silent)' "$f" | cut -d: -f1 | sed "s|^|$f:|"
    done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/planted.sh" <<'SH'
set -uo pipefail
apt-cache show x | grep -qE '^Section'
until screen | tail -n +3 | grep -aq ready; do sleep 1; done
tr -d '\r' <log | grep --quiet crash
tr -d '\r' <log | grep -aE crash >/dev/null
grep -q alone file || grep -aq other file
SH
printf 'a | grep -q b\n' >"$tmp/no_pipefail.sh"
found=$(violations "$tmp/planted.sh" "$tmp/no_pipefail.sh" | wc -l)
if [ "$found" != 3 ]; then
    fail pipefail-grep-q "the check found $found of the 3 planted violations"
else
    mapfile -t scripts < <(git ls-files '*.sh' 'configs/dom0/*' | while read -r f; do
        [ "$f" != tests/lint/host_pipefail_grep_test.sh ] && [ -f "$f" ] && # its own are planted
            head -c 200 "$f" | grep -aE '^#!.*(ba)?sh' >/dev/null && echo "$f"; done)
    found=$(violations "${scripts[@]}")
    if [ -n "$found" ]; then fail pipefail-grep-q "$(printf '%s' "$found" | tr '\n' ' ')"
    else pass "pipefail-grep-q (${#scripts[@]} scripts)"; fi
fi
exit $failed
