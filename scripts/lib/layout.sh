# Sourced (not run) by every script, before anything else: where the installation is and how it is
# laid out, so that the same scripts run in the repository (as scripts/) and in the distribution
# (as bin/ of spindle-<version>-bin.tar.gz, unpacked anywhere).
# The caller sets $bin, the directory of the script itself (scripts/ or bin/), and defines die().
# This file sets:
#   root    the installation: the repository root, or the unpacked distribution (SPINDLE_HOME);
#           the directory above the script's own, wherever it was called from
#   layout  'repository' when $root holds the project's pom.xml: a missing jar is built with
#           Maven; else 'distribution': the jars are in lib/, opt/ and examples/, nothing is built
#   client_jar_pattern, client_lib  the CLI's jar and its runtime classpath (the cluster's jars)
#   local_yarn_jar_pattern, local_yarn_lib  the local YARN cluster's jar and Hadoop's unshaded jars
#   zookeeper_lib  the ZooKeeper server of scripts/local-zookeeper
#   examples_jar_pattern  the example programs (WordCount, the word generator)

root="$(cd "$bin/.." && pwd)"
if [[ -f "$root/pom.xml" ]]; then
  layout=repository
  client_jar_pattern="$root/yarn-client/target/spindle-yarn-client-*[0-9T].jar"
  client_lib="$root/yarn-client/target/lib"
  local_yarn_jar_pattern="$root/local-yarn/target/spindle-local-yarn-*[0-9T].jar"
  local_yarn_lib="$root/local-yarn/target/lib"
  zookeeper_lib="$root/local-yarn/target/zookeeper-lib"
  examples_jar_pattern="$root/engine/target/spindle-engine-*-examples.jar"
else
  layout=distribution
  # lib/ holds exactly what the cluster's containers run (the client adds its own jar there):
  # what 'yarn.provided.lib.dirs' names once copied to the cluster's file system.
  client_jar_pattern="$root/lib/spindle-yarn-client-*[0-9T].jar"
  client_lib="$root/lib"
  local_yarn_jar_pattern="$root/opt/local-yarn/spindle-local-yarn-*[0-9T].jar"
  local_yarn_lib="$root/opt/local-yarn/lib"
  zookeeper_lib="$root/opt/zookeeper"
  examples_jar_pattern="$root/examples/spindle-engine-*-examples.jar"
fi

# Called before a script builds what it misses: in the distribution nothing is built (there is no
# source tree, maybe no Maven), so what is missing there is an installation that lacks files.
refuse_build_in_distribution() {   # what_is_missing
  if [[ "$layout" == distribution ]]; then
    die "$1: the installation in $root is incomplete; unpack spindle-<version>-bin.tar.gz again"
  fi
}
