#!/bin/sh
# Baseline: what Warewulf 3's wwgetfiles does, one curl per file, temp file, chmod, chown, mv
# (no checksum, no fsync). Usage: w3-getfiles.sh URL HWADDR ROOT
url=$1 hw=$2 root=$3
list=$(mktemp)
curl -s -f -o "$list" "$url/WW/file?hwaddr=$hw" || exit 2
while read -r id name uid gid mode ts etag path; do
    t="$root$path"
    mkdir -p "${t%/*}"
    curl -s -f -o "$t.ww$ts" "$url/WW/file?hwaddr=$hw&fileid=$id" || { rm -f "$t.ww$ts"; exit 2; }
    chmod "${mode#?}" "$t.ww$ts" && chown "$uid:$gid" "$t.ww$ts" && mv -f "$t.ww$ts" "$t" || exit 2
done <"$list"
rm -f "$list"
