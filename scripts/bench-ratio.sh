# Sourced by the bench-*.sh scripts (not run by itself). compare_runs BASE_LABEL THIS_LABEL prints this scan's
# wall time, user CPU and peak RSS as ratios of the baseline's (from "$work/<label>.fig": "wall user kb"), then
# whether the two reports' findings are the same (the caller's `findings` function gives what is compared).
compare_runs() {
  local bs bu bk ts tu tk
  read -r bs bu bk < "$work/$1.fig"
  read -r ts tu tk < "$work/$2.fig"
  printf 'this / base: wall %.2fx  user %.2fx  peak RSS %.2fx\n' "$(echo "$ts / $bs" | bc -l)" "$(echo "$tu / $bu" | bc -l)" "$(echo "$tk / $bk" | bc -l)"
  if [ "$(findings "$work/$1.json")" = "$(findings "$work/$2.json")" ]; then echo "findings: identical to the baseline's"; else echo "findings: DIFFERENT from the baseline's"; fi
}
