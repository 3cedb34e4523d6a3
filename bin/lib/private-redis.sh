# A private redis-server on a free loopback port, for bin/test and the benchmarks' run.sh scripts.
# Source this file, then:
#   start_private_redis [redis-server arguments…]   starts one (daemonised, nothing saved to disk,
#                                                   its files in a new temporary folder), waits until
#                                                   it answers PING and sets REDIS_PORT, REDIS_URL and
#                                                   REDIS_DIR
#   stop_private_redis                              stops it and removes its folder (idempotent);
#                                                   call it from the script's EXIT trap
#   free_loopback_port                              prints a loopback port nothing listens on now

free_loopback_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_private_redis() {
  REDIS_PORT=$(free_loopback_port)
  REDIS_DIR=$(mktemp -d)
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$REDIS_DIR" \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" "$@"
  local _
  for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "private redis-server on port $REDIS_PORT did not answer PING within 5 s: $(tail -3 "$REDIS_DIR/redis.log" 2>/dev/null)" >&2
  return 1
}

stop_private_redis() {
  [[ -n ${REDIS_DIR:-} && -d $REDIS_DIR ]] || return 0
  if [[ -f $REDIS_DIR/redis.pid ]]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$REDIS_DIR"
  REDIS_DIR=
}
