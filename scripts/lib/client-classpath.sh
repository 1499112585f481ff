# Sourced (not run) by scripts/spindle, scripts/standalone-cluster and scripts/local-yarn: the Java
# command line they share, so that the CLI and the cluster processes run the same jars with the
# same logging.
#   JAVA_HOME  the JDK to use (default: java on PATH)
#   JAVA_OPTS  extra JVM options, split on spaces (default: none)
# The caller sets $root (the repository root) and defines die().

# The client jar is the one without a classifier; the version itself contains dashes.
client_jars() { compgen -G "$root/yarn-client/target/spindle-yarn-client-*[0-9T].jar" || true; }

# Builds the project when the client jar or its runtime classpath (target/lib) is missing, then
# sets the array java_command: java, JAVA_OPTS, the logging configuration and -cp. Progress of the
# build goes to stderr with the prefix $1. $2, optional, is a directory of yarn-client/target
# whose jars go on the classpath after target/lib (and which must exist too).
resolve_java_command() {
  local name="$1" extra_lib="${2:-}" target="$root/yarn-client/target"
  local -a libs=("$target/lib")
  [[ -z "$extra_lib" ]] || libs+=("$target/$extra_lib")
  local lib missing=""
  for lib in "${libs[@]}"; do
    [[ -d "$lib" ]] || missing="$lib"
  done
  if [[ -z "$(client_jars)" || -n "$missing" ]]; then
    echo "$name: building the project (client jar or ${missing:-$target/lib} missing)" >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
      || die "the build failed; run 'mvn -B -DskipTests package' in $root to see why"
  fi

  local -a jars
  mapfile -t jars < <(client_jars)
  [[ ${#jars[@]} -eq 1 ]] \
    || die "expected exactly one $target/spindle-yarn-client-*.jar, found ${#jars[@]}: ${jars[*]:-none}; run 'mvn clean package' in $root"

  local java="java"
  if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
  fi
  # JAVA_OPTS is a list of options in one variable, as in Hadoop's and Flink's scripts.
  local -a java_opts
  read -r -a java_opts <<<"${JAVA_OPTS:-}"

  local classpath="${jars[0]}"
  for lib in "${libs[@]}"; do
    classpath+=":$lib/*"
  done
  java_command=("$java" ${java_opts[@]+"${java_opts[@]}"}
    "-Dlog4j.configuration=file:$root/conf/log4j.properties"
    -cp "$classpath")
}
