# Sourced (not run) by scripts/standalone-cluster and scripts/bench: the configuration file that
# a JobManager reads with --config-file. Options never go on a cluster process's command line,
# which every user of the machine sees (ps, /proc/<pid>/cmdline); the file is owner-only.

# A key or value in Java's properties format (what the JobManager reads): backslashes, line
# breaks and the separators are escaped.
properties_escape() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\r'/\\r}"
  s="${s//=/\\=}"
  s="${s//:/\\:}"
  s="${s//#/\\#}"
  s="${s//!/\\!}"
  printf '%s' "$s"
}

# The options (key=value words) as a properties file on stdout.
write_options() {
  local option
  echo "# Spindle configuration of the standalone cluster; owner-only, it may hold secrets"
  for option in "$@"; do
    printf '%s=%s\n' "$(properties_escape "${option%%=*}")" "$(properties_escape "${option#*=}")"
  done
}

# Writes the options (key=value words) into the file $1, owner-only (mode 600), atomically.
write_config_file() {
  local file="$1"
  shift
  (umask 077 && write_options "$@" >"$file.tmp")
  mv "$file.tmp" "$file"
}
