# Sourced (not run) by scripts/spindle, scripts/yarn-session and scripts/standalone-cluster: the Java
# command line they share, so that the CLI and the cluster processes run the same jars with the
# same logging. (scripts/local-yarn runs Hadoop's own jars, from the module local-yarn.)
#   JAVA_HOME  the JDK to use (default: java on PATH)
#   JAVA_OPTS  extra JVM options, split on spaces (default: none)
# The caller has sourced layout.sh (which sets $root, $layout and the jars' places) and defines die().

# shellcheck source=processes.sh
source "$bin/lib/processes.sh"

# The client jar is the one without a classifier; the version itself contains dashes.
client_jars() { compgen -G "$client_jar_pattern" || true; }

# In the repository, builds the project when the client jar or its runtime classpath (target/lib)
# is missing (in the distribution, refuses), then sets the array java_command: java, JAVA_OPTS, the
# logging configuration and -cp. Progress of the build goes to stderr with the prefix $1.
resolve_java_command() {
  local name="$1"
  if [[ -z "$(client_jars)" || ! -d "$client_lib" ]]; then
    refuse_build_in_distribution "no $client_jar_pattern or no $client_lib"
    echo "$name: building the project (client jar or $client_lib missing)" >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
      || die "the build failed; run 'mvn -B -DskipTests package' in $root to see why"
  fi

  local -a jars
  mapfile -t jars < <(client_jars)
  [[ ${#jars[@]} -eq 1 ]] \
    || die "expected exactly one $client_jar_pattern, found ${#jars[@]}: ${jars[*]:-none}; run 'mvn clean package' in $root"

  java_command_with_classpath "${jars[0]}:$client_lib/*"
}
