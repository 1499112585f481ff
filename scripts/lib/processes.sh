# Sourced (not run) by the scripts: the process helpers they share, so that each script says only
# what is its own (which processes, which files, which messages).
# The caller sets $name (the prefix of its messages) and defines die() and progress().

# The java command: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH.
java_binary() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# Sets the array java_command: java, JAVA_OPTS, the logging configuration of conf/ and -cp $1.
# The caller sets $root (the repository root).
java_command_with_classpath() {
  # JAVA_OPTS is a list of options in one variable, as in Hadoop's and Flink's scripts.
  local -a java_opts
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  java_command=("$(java_binary)" ${java_opts[@]+"${java_opts[@]}"}
    "-Dlog4j.configuration=file:$root/conf/log4j.properties"
    -cp "$1")
}

now_millis() { date +%s%3N; }

# A key of a file in Java's properties format, with the escapes of that format undone (a Java
# process writes 'http\://127.0.0.1\:8081'); empty if there is no such file or key.
property_of() {   # file key
  [[ -f "$1" ]] || return 0
  sed -n "s/^$2=//p" "$1" | tail -n 1 | sed 's/\\\(.\)/\1/g'
}

command_line_of() { ps -ww -o args= -p "$1" 2>/dev/null || true; }

# Whether a process runs. A zombie does not: where nothing reaps orphans (some containers), a
# stopped process would otherwise look alive forever.
is_alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]]
}

# Whether $1 is the pid of a live process whose command line ends with $2 or has it followed by
# a space: a pid in a stale file may since have been given to another process, and "--dir /tmp/a"
# must not match the process of /tmp/ab.
runs_with_arguments() {   # pid arguments
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  local args
  args="$(command_line_of "$1")"
  [[ "$args" == *"$2" || "$args" == *"$2 "* ]]
}

# Prints the pid the script wrote into $1, or else the 'pid' the process itself wrote into the
# properties file $2, if that process still runs with the arguments $3; fails if none does.
running_pid() {   # pid_file properties_file arguments
  local pid
  for pid in "$(cat "$1" 2>/dev/null || true)" "$(property_of "$2" pid)"; do
    if runs_with_arguments "$pid" "$3"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# Waits until none of the given processes is alive, at most $1 seconds; fails if some still are.
wait_for_exit() {   # timeout_seconds pid...
  local timeout="$1" deadline pid alive
  shift
  deadline=$((SECONDS + timeout))
  while :; do
    alive=0
    for pid in "$@"; do
      if is_alive "$pid"; then alive=1; fi
    done
    ((alive)) || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# SIGTERM, then SIGKILL for those still alive after $2 seconds. $1 names them for the messages.
terminate() {   # what timeout_seconds pid...
  local what="$1" timeout="$2"
  shift 2
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  if ! wait_for_exit "$timeout" "$@"; then
    progress "$name: $what did not stop within $timeout s; killing it (SIGKILL)"
    kill -KILL "$@" 2>/dev/null || true
    wait_for_exit 5 "$@" || die "$what is still alive after SIGKILL: pid $*"
  fi
}

# Waits until the process $1 (a child of this shell) has written the file $2, at most $3 seconds,
# with a dot on stderr every half second. Returns 0 once the file is there; 1 if the process exited
# first, its exit code in $exit_code; 2 if the time ran out.
wait_for_file() {   # pid file timeout_seconds
  local deadline=$((SECONDS + $3))
  until [[ -f "$2" ]]; do
    if ! is_alive "$1"; then
      exit_code=0
      wait "$1" || exit_code=$?
      return 1
    fi
    ((SECONDS < deadline)) || return 2
    printf . >&2
    sleep 0.5
  done
}

# A start that failed: says why with the end of the log file, stops the process it started (SIGKILL
# after $5 seconds), runs the cleanup function (what that process left), and exits 1.
abort_start() {   # pid what reason log_file stop_timeout_seconds cleanup_function
  progress ""
  progress "$name: $3; the end of $4:"
  tail -n 20 "$4" | sed 's/^/  /' >&2
  terminate "$2" "$5" "$1"
  "$6"
  exit 1
}

# Closes every file descriptor above 2 of this (sub)shell before it becomes a process that
# outlives it: an inherited descriptor would stay open as long as that process runs, e.g. the lock
# of 'flock LOCK scripts/local-yarn start', which would be held until the cluster stops.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then
      exec {fd}>&-
    fi
  done
  return 0
}

# A cluster secret in a new file readable by its owner only: 32 random bytes from the kernel as
# hex on one line. It is never on a command line or in a log; the processes read it from there.
write_secret_file() {   # file
  rm -f "$1.tmp"
  (umask 077 && od -An -v -tx1 -N32 /dev/urandom | tr -d ' \n' >"$1.tmp" && echo >>"$1.tmp")
  mv "$1.tmp" "$1"
}

# Prints the single file matching a glob; fails if there is none or more than one, naming them.
single_file() {   # pattern description
  local -a found
  mapfile -t found < <(compgen -G "$1" || true)
  [[ ${#found[@]} -eq 1 ]] || die "expected exactly one $2 ($1), found ${#found[@]}: ${found[*]:-none}"
  echo "${found[0]}"
}
