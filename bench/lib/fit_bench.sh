# Shared by the end-to-end fit benchmarks (bench/fit_short_demo.sh, bench/bg_fit_pd.sh); sourced
# after they set: bin (the spikefit binary), args (the fit command line), work (a scratch
# folder), stamp (UTC time stamp).

# Runs the fit and its report (into $work/report); sets start, end and the load averages.
run_fit_and_report() {
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s.%N)
  "$bin" "${args[@]}" > "$work/fit.log" 2>&1
  end=$(date +%s.%N)
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  "$bin" report --study "$study" --out "$work/report" > "$work/report.log" 2>&1
}

# The result file's header lines: date, commit, machine, command and wall time.
print_run_header() {
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "  load average before: $load_before, after: $load_after"
  echo "- command: spikefit ${args[*]//$work\//}"
  echo "- wall time: $(python3 -c "print(round($end - $start, 1))") s"
}

# The incumbent's lines from the report (extra options: see bench/lib/incumbent_lines.py).
print_incumbent() {
  python3 bench/lib/incumbent_lines.py "$work/report/report.json" "$@"
}

# The fit's and the report's logs, verbatim.
print_raw_output() {
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$work/fit.log" "$work/report.log"
  echo '```'
}
