# The 'metrics' workload of scripts/bench (sourced by it; uses its helpers): W1 in local mode with
# metrics off against metrics on with the JMX, Prometheus and SLF4J reporters, interleaved in one run, and the
# idle resident memory of a standalone JobManager and TaskManager with metrics off and with the
# reporters on. See docs/metrics.md ("What metrics cost").

# The reporters of the "on" runs and cluster: JMX and Prometheus each on a port of a range, SLF4J
# every 10 s.
metrics_reporter_options=(
  "metrics.reporter.jmx.type=jmx"
  "metrics.reporter.jmx.port=9250-9290"
  "metrics.reporter.prom.type=prometheus"
  "metrics.reporter.prom.port=9300-9340"
  "metrics.reporter.log.type=slf4j"
  "metrics.reporter.log.interval=10 s"
)

# W1 through the CLI's local target with the given -D settings; sets metrics_ms to the job runtime
# WordCount reports.
measure_metrics_wordcount() {   # log_file input output_dir key=value...
  local log_file="$1" input="$2" out="$3"; shift 3
  local settings=() option
  for option in "$@"; do
    settings+=(-D "$option")
  done
  rm -rf "$out"
  JAVA_OPTS="-Xmx$xmx $java_opts" run_logged "$log_file" \
    "$spindle_cli" run -t local -p 2 "${settings[@]}" "$examples_jar" \
    --input "$input" --output "$out" --parallelism 2
  metrics_ms="$(sed -n 's/^WordCount finished in \([0-9]*\) ms$/\1/p' "$log_file")"
  [[ -n "$metrics_ms" ]] || die "no job runtime in $log_file"
}

# Starts a cluster of 2 TaskManagers x 1 slot with the given options, idles, and sets
# jobmanager_rss and taskmanager_rss; stops it.
measure_metrics_idle_cluster() {   # cluster_dir key=value...
  local dir="$1"; shift
  cluster_extra_config=("$@")
  start_cluster "$dir" 2 1
  cluster_extra_config=()
  log "idling ${idle_seconds}s before reading resident memory"
  sleep "$idle_seconds"
  read_cluster_rss
  log "idle: JobManager ${jobmanager_rss} MiB, TaskManager ${taskmanager_rss} MiB"
  stop_cluster
}

bench_metrics() {
  local size_mb=200 runs=3 xmx=768m java_opts="-XX:+UseG1GC" idle_seconds=5 with_cluster=1
  local flag value
  while [[ $# -gt 0 ]]; do
    flag="$1"
    case "$flag" in
      -h|--help) usage; exit 0 ;;
      --no-cluster) with_cluster=0; shift; continue ;;
      --*=*) value="${flag#*=}"; flag="${flag%%=*}"; shift ;;
      --*) [[ $# -ge 2 ]] || usage_error "$flag needs a value"; value="$2"; shift 2 ;;
      *) usage_error "unknown metrics option '$flag'" ;;
    esac
    case "$flag" in
      --size-mb) size_mb="$value" ;;
      --runs) runs="$value" ;;
      --xmx) xmx="$value" ;;
      --java-opts) java_opts="$value" ;;
      --idle-seconds) idle_seconds="$value" ;;
      *) usage_error "unknown metrics option '$flag'" ;;
    esac
  done
  require_int --size-mb "$size_mb" 1
  require_int --runs "$runs" 1
  require_int --idle-seconds "$idle_seconds" 0
  [[ "$xmx" =~ ^[0-9]+[mMgG]$ ]] || usage_error "--xmx must look like 768m or 1g, got '$xmx'"
  size_mb=$((10#$size_mb)); runs=$((10#$runs)); idle_seconds=$((10#$idle_seconds))
  local xmx_mb=$((10#${xmx%[mMgG]}))
  [[ "$xmx" =~ [gG]$ ]] && xmx_mb=$((xmx_mb * 1024))
  # As in 'cluster': the TaskManagers' heap is the local JVM's.
  taskmanager_process_mb=$(( (xmx_mb * 4 + 2) / 3 ))
  [[ -x "$spindle_cli" ]] || die "the Spindle CLI $spindle_cli is missing or not executable"

  resolve_jars
  local input="$bench_dir/words-${size_mb}mb.txt"
  ensure_words_input "$size_mb" "$input"
  local work="$bench_dir/metrics"
  mkdir -p "$work"

  local best_off="" best_on="" run
  for ((run = 1; run <= runs; run++)); do
    log "run $run/$runs: W1 locally, metrics off (-Xmx$xmx $java_opts)"
    measure_metrics_wordcount "$work/off.log" "$input" "$work/off-out" metrics.enabled=false
    best_off="$(min_of "$best_off" "$metrics_ms")"
    log "metrics off: job runtime $metrics_ms ms"
    log "run $run/$runs: W1 locally, metrics on with the JMX, Prometheus and SLF4J reporters"
    measure_metrics_wordcount "$work/on.log" "$input" "$work/on-out" "${metrics_reporter_options[@]}"
    best_on="$(min_of "$best_on" "$metrics_ms")"
    log "metrics on: job runtime $metrics_ms ms"
    grep -q "serves JMX on port" "$work/on.log" || die "the JMX reporter did not start (see $work/on.log)"
    grep -q "serves metrics at" "$work/on.log" || die "the Prometheus reporter did not start (see $work/on.log)"
    check_same_counts off "$work/off-out" on "$work/on-out" "$work"
  done

  local off_jm=n/a off_tm=n/a on_jm=n/a on_tm=n/a
  if (( with_cluster )); then
    secret_file="$work/cluster.secret"
    write_secret_file "$secret_file"
    trap 'stop_cluster; rm -f "$secret_file"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    log "standalone cluster, metrics off"
    measure_metrics_idle_cluster "$work/cluster-off" metrics.enabled=false
    off_jm="$jobmanager_rss"; off_tm="$taskmanager_rss"
    log "standalone cluster, metrics on with the JMX, Prometheus and SLF4J reporters"
    measure_metrics_idle_cluster "$work/cluster-on" "${metrics_reporter_options[@]}"
    on_jm="$jobmanager_rss"; on_tm="$taskmanager_rss"
    grep -q "serves JMX on port" "$work/cluster-on/jobmanager.log" \
      || die "the JobManager's JMX reporter did not start (see $work/cluster-on/jobmanager.log)"
  fi

  awk -v size="$size_mb" -v runs="$runs" -v off="$best_off" -v on="$best_on" \
      -v ojm="$off_jm" -v otm="$off_tm" -v njm="$on_jm" -v ntm="$on_tm" 'BEGIN {
    printf "input_mb=%d\n", size
    printf "runs=%d\n", runs
    printf "metrics_off_seconds=%.3f\n", off / 1e3
    printf "metrics_on_seconds=%.3f\n", on / 1e3
    printf "on_vs_off_ratio=%.3f\n", on / off
    printf "idle_jobmanager_rss_mb_metrics_off=%s\n", ojm
    printf "idle_taskmanager_rss_mb_metrics_off=%s\n", otm
    printf "idle_jobmanager_rss_mb_reporters_on=%s\n", njm
    printf "idle_taskmanager_rss_mb_reporters_on=%s\n", ntm
  }'
}
