#!/usr/bin/env bash
# Provisioning server vs nginx, same capsule file, same disk, loopback, same run.
#   bench/provision/run.sh [capsule-MiB (default 256)] [seconds per point (default 10)]
# Needs: nginx (nginx-light), wrk, a JDK. Prints each figure and its ratio to nginx.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/provision"
size_mib=${1:-256}
secs=${2:-10}
for tool in nginx wrk java jcmd; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx-light wrk)"; exit 1; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
server_pid=""; nginx_pid=""; store_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$store_pid" ] && kill "$store_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building ww-provision ..."
(cd "$root" && ./mvnw -B -q -pl ww-provision -am compile \
  && ./mvnw -B -q -pl ww-provision dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime) >/dev/null
cp="$root/ww-provision/target/classes:$root/ww-datastore/target/classes:$root/ww-core/target/classes:$(cat "$work/cp.txt")"

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"   # nginx workers run as nobody
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/www/capsule.img"
sha=$(sha256sum "$work/www/capsule.img" | cut -d' ' -f1)
hw=52:54:00:be:0c:01

# --- ww provisioning server (heap capped: it cannot be buffering bodies) ---
mkfifo "$work/in"
java -Xmx256m -cp "$cp" "$here/BenchServer.java" "$work/www/capsule.img" "$sha" < "$work/in" > "$work/server.out" 2>&1 &
server_pid=$!
exec 3>"$work/in"
for _ in $(seq 100); do grep -q '^port ' "$work/server.out" 2>/dev/null && break; sleep 0.2; done
ww_port=$(awk '/^port /{print $2}' "$work/server.out")
[ -n "$ww_port" ] || { cat "$work/server.out"; exit 1; }

# --- the same server on a real embedded datastore (the node config path wwprovisiond runs) ---
mkfifo "$work/store-in"
java -Xmx256m -cp "$cp" "$here/StoreBenchServer.java" "$work/store" < "$work/store-in" > "$work/store.out" 2>&1 &
store_pid=$!
exec 5>"$work/store-in"
for _ in $(seq 300); do grep -q '^port ' "$work/store.out" 2>/dev/null && break; sleep 0.2; done
store_port=$(awk '/^port /{print $2}' "$work/store.out")
[ -n "$store_port" ] || { cat "$work/store.out"; exit 1; }

# --- nginx on the same file ---
nginx_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# The node config nginx serves is the very bytes our server produces for the node.
exec 4<>/dev/tcp/127.0.0.1/"$ww_port"
printf 'GET /WW/nodeconfig?hwaddr=%s HTTP/1.0\r\n\r\n' "$hw" >&4
sed '1,/^\r$/d' <&4 > "$work/www/nodeconfig"
exec 4>&-
exec 4<>/dev/tcp/127.0.0.1/"$store_port"
printf 'GET /WW/nodeconfig?hwaddr=%s HTTP/1.0\r\n\r\n' "$hw" >&4
sed '1,/^\r$/d' <&4 > "$work/www/nodeconfig-store"
exec 4>&-
chmod 644 "$work/www/"*
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/octet-stream img; text/plain nodeconfig nodeconfig-store; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
sleep 1

ww_capsule="http://127.0.0.1:$ww_port/WW/vnfs?hwaddr=$hw"
ng_capsule="http://127.0.0.1:$nginx_port/capsule.img"
ww_config="http://127.0.0.1:$ww_port/WW/nodeconfig?hwaddr=$hw"
ng_config="http://127.0.0.1:$nginx_port/nodeconfig"

# wrk's Transfer/sec in MB/s
mbps() { awk '/Transfer\/sec/ { v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[A-Za-z]/,"",v);
  m = (u=="GB") ? 1024 : (u=="MB") ? 1 : (u=="KB") ? 1/1024 : 1/1048576; printf "%.0f", v*m }'; }
rps() { awk '/Requests\/sec/ { printf "%.0f", $2 }'; }
p99() { awk '$1=="99%" { print $2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b>0) printf "%.2f", a/b; else print "n/a" }'; }

echo "capsule ${size_mib} MiB, ${secs} s per point, $(nproc) cores; server: ww on :$ww_port (store: :$store_port), nginx on :$nginx_port"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# warm up both (JIT, page cache)
wrk -t1 -c2 -d3s "$ww_capsule" >/dev/null; wrk -t1 -c2 -d3s "$ng_capsule" >/dev/null

printf '%-36s %12s %12s %7s\n' "figure" "ww" "nginx" "ratio"
for c in 1 16 64; do
  t=$(( c < 2 ? 1 : 2 ))
  wo=$(wrk -t$t -c$c -d${secs}s --timeout 120s "$ww_capsule"); w=$(echo "$wo" | mbps)
  no=$(wrk -t$t -c$c -d${secs}s --timeout 120s "$ng_capsule"); n=$(echo "$no" | mbps)
  echo "$wo" | grep -E 'Non-2xx|Socket errors' | sed 's/^/  ww: /' || true
  echo "$no" | grep -E 'Non-2xx|Socket errors' | sed 's/^/  nginx: /' || true
  printf '%-36s %10s MB/s %10s MB/s %7s\n' "capsule throughput, $c concurrent" "$w" "$n" "$(ratio "$w" "$n")"
done

wrk -t2 -c1000 -d3s "$ww_config" >/dev/null
wo=$(wrk -t2 -c1000 -d${secs}s --latency "$ww_config")
no=$(wrk -t2 -c1000 -d${secs}s --latency "$ng_config")
wr=$(echo "$wo" | rps); nr=$(echo "$no" | rps)
printf '%-36s %12s %12s %7s\n' "node config req/s, 1000 connections" "$wr" "$nr" "$(ratio "$wr" "$nr")"
printf '%-36s %12s %12s\n' "node config p99 latency" "$(echo "$wo" | p99)" "$(echo "$no" | p99)"
echo "$wo" | grep -E 'Non-2xx|Socket errors' | sed 's/^/  ww: /' || true
echo "$no" | grep -E 'Non-2xx|Socket errors' | sed 's/^/  nginx: /' || true

# The node config as wwprovisiond serves it: from the embedded store (1,000 nodes), with the
# server's CPU time per request (less sensitive to other load on the machine than req/s).
ws_config="http://127.0.0.1:$store_port/WW/nodeconfig?hwaddr=$hw"
ns_config="http://127.0.0.1:$nginx_port/nodeconfig-store"
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wrk -t2 -c1000 -d3s "$ws_config" >/dev/null
c0=$(cpu "$store_pid")
wo=$(wrk -t2 -c1000 -d${secs}s --latency "$ws_config")
c1=$(cpu "$store_pid")
no=$(wrk -t2 -c1000 -d${secs}s --latency "$ns_config")
wr=$(echo "$wo" | rps); nr=$(echo "$no" | rps)
wn=$(echo "$wo" | awk '/requests in/ { print $1 }')
printf '%-36s %12s %12s %7s\n' "node config req/s, store, 1000 conn" "$wr" "$nr" "$(ratio "$wr" "$nr")"
printf '%-36s %12s %12s\n' "node config p99 latency, store" "$(echo "$wo" | p99)" "$(echo "$no" | p99)"
printf '%-36s %12s\n' "server CPU per request, store" "$(awk -v a="$c0" -v b="$c1" -v n="$wn" 'BEGIN { printf "%.0f us", (b - a) * 10000 / n }')"
echo "$wo" | grep -E 'Non-2xx|Socket errors' | sed 's/^/  ww: /' || true
exec 5>&-

heap() { jcmd "$server_pid" GC.run >/dev/null; jcmd "$server_pid" GC.heap_info | awk '/used/ { for (i=1;i<=NF;i++) if ($i=="used") { print $(i+1); exit } }'; }
idle=$(heap)
mkfifo "$work/slow"
java -cp "$cp" "$here/SlowClients.java" "$ww_port" "/WW/vnfs?hwaddr=$hw" 500 15 > "$work/slow" &
slow_pid=$!
read -r _ inflight < "$work/slow"
sleep 2
busy=$(heap)
sleep 2
busy2=$(heap)
wait "$slow_pid" || true
echo "server heap (-Xmx256m, after GC): idle $idle, with $inflight downloads of ${size_mib} MiB in flight: $busy, 2 s later: $busy2"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
